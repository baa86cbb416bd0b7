import { join, resolve } from 'node:path';
import { exportRunPolicy, loadPlugins, readRunConfig, writeFileAtomically } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';

/** The file `prunerl export` writes when given none: beside the run's checkpoints. */
export const DEFAULT_POLICY_FILE = 'policy.bin';

/**
 * Writes the policy of a run (`prunerl train`'s output) at its latest checkpoint as one file, the
 * online network's spec, weights and masks (`@prunerl/runner`'s `exportRunPolicy`), atomically, so
 * the playground or `loadPolicy` can play it. The run's plugins are loaded first.
 */
export async function exportCommand(runDir: string, file: string | undefined, output: CliOutput): Promise<number> {
  const directory = resolve(output.io.cwd, runDir);
  const target = file === undefined ? join(directory, DEFAULT_POLICY_FILE) : resolve(output.io.cwd, file);
  await loadPlugins((await readRunConfig(directory)).plugins, output.io.cwd);
  const policy = await exportRunPolicy(directory);
  await writeFileAtomically(target, policy.bytes);
  const sparsity = `${(policy.sparsity * 100).toFixed(1)}% sparse`;
  output.result(`wrote ${target} (${(policy.bytes.byteLength / 1024).toFixed(1)} KiB, checkpoint ${policy.checkpoint}, ${policy.envSteps} steps, ${sparsity}, run ${policy.status})`, {
    file: target,
    bytes: policy.bytes.byteLength,
    checkpoint: policy.checkpoint,
    envSteps: policy.envSteps,
    sparsity: policy.sparsity,
    status: policy.status,
  });
  return 0;
}
