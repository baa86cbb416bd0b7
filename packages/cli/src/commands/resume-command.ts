import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { loadPlugins, readRunConfig, readRunMetadata, RUN_FILES } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';
import { StopSignal } from '../output/stop-signal';
import { trainCommand, trainSeeds } from './train-command';

/** The run directories under `directory`: itself, or its `seed-*` children. */
async function runDirectories(directory: string): Promise<string[]> {
  if (existsSync(join(directory, RUN_FILES.metadata))) return [directory];
  const entries = await readdir(directory).catch(() => [] as string[]);
  return entries.filter((name) => /^seed-\d+$/.test(name) && existsSync(join(directory, name, RUN_FILES.metadata))).map((name) => join(directory, name));
}

/**
 * Continues runs from their last complete checkpoint: a run directory, an experiment directory
 * (`<outputDir>/<name>`, every seed), or a config file (as `train --resume`).
 */
export async function resumeCommand(target: string, output: CliOutput, options: { readonly kernelThreads?: number } = {}): Promise<number> {
  const path = resolve(output.io.cwd, target);
  if (existsSync(path) && statSync(path).isFile()) return trainCommand(target, { resume: true, ...options }, output);
  const directories = existsSync(path) ? await runDirectories(path) : [];
  if (directories.length === 0) {
    throw new ConfigError({
      field: 'resume target',
      value: target,
      expected: `a run directory (with ${RUN_FILES.metadata}), an experiment directory with seed-* runs, or a config file`,
      hint: existsSync(join(path, 'sweep.json')) ? 'This is a sweep directory: run the sweep file again (`prunerl sweep <file>`), it resumes partial runs.' : undefined,
    });
  }
  const stop = new StopSignal(output);
  try {
    for (const directory of directories) {
      const metadata = await readRunMetadata(directory);
      if (metadata?.status === 'complete') {
        output.info(`${directory}: already complete`);
        continue;
      }
      const config = await readRunConfig(directory);
      await loadPlugins(config.plugins, output.io.cwd);
      if (!(await trainSeeds(config, [metadata!.seed], 'resume', output, stop, { kernelThreads: options.kernelThreads, directory }))) break;
    }
    return 0;
  } finally {
    stop.dispose();
  }
}
