import { describeBackend, initBackend } from '@prunerl/backend';
import { buildExperiment, stringifyConfig, type ResolvedExperimentConfig } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';
import { loadExperiment, type ConfigOverrides } from './load-experiment';

/** Options of `prunerl config`. */
export interface ConfigCommandOptions extends ConfigOverrides {
  /** Print the resolved config (YAML; JSON with --json). */
  readonly print?: boolean;
  /** Only check the schema, without building the parts. */
  readonly schemaOnly?: boolean;
}

/**
 * Validates a config: the schema, then (unless `schemaOnly`) every part is built for the first
 * seed so the factories check their options and the registry names exist. Writes nothing.
 */
export async function configCommand(file: string, options: ConfigCommandOptions, output: CliOutput): Promise<number> {
  const config = await loadExperiment(file, options, output.io.cwd);
  if (!options.schemaOnly) await checkParts(config);
  if (options.print) {
    if (output.mode.json) output.event('config', { config });
    else output.print(stringifyConfig(config));
    return 0;
  }
  const runs = config.seeds.length;
  output.result(`${file}: valid (${config.method} on ${config.environment.id}, ${config.budget.iterations} iterations of ${config.budget.stepsPerIteration} steps, ${runs} run${runs === 1 ? '' : 's'} into ${config.outputDir}/${config.name})`, {
    valid: true,
    name: config.name,
    method: config.method,
  });
  return 0;
}

/** Builds (and frees) the parts of the first seed's run. */
async function checkParts(config: ResolvedExperimentConfig): Promise<string> {
  const backend = await initBackend({ name: config.backend });
  const parts = await buildExperiment(config, config.seeds[0]!);
  parts.dispose();
  return describeBackend(backend);
}
