import { experimentConfigSchema, type ExperimentConfig } from './experiment-config-schema';
import { configErrorFrom, describeIssues } from './schema-issues';

/**
 * Validates a config object against the schema and applies its defaults. Unknown keys, wrong types
 * and out-of-range values throw one `ConfigError` whose `field` is the first offending path (e.g.
 * `pruner.options.sparsity`) and whose message lists every problem. `source` (a file name) is
 * mentioned in the message.
 */
export function parseExperimentConfig(input: unknown, source?: string): ExperimentConfig {
  const result = experimentConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw configErrorFrom(describeIssues(result.error.issues, input, experimentConfigSchema), source);
}
