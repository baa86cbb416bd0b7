import { trainRun, type ResolvedExperimentConfig, type TrainRunResult } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';
import { formatCount, formatDuration } from '../output/format-duration';
import { ProgressDisplay } from '../output/progress-display';
import { StopSignal } from '../output/stop-signal';
import { loadExperiment, type ConfigOverrides } from './load-experiment';

/** Options of `prunerl train`. */
export interface TrainCommandOptions extends ConfigOverrides {
  /** Continue runs that exist (skip complete ones) instead of refusing. */
  readonly resume?: boolean;
  /** Threads running the wasm kernels (`--kernel-threads`). */
  readonly kernelThreads?: number;
}

/** One line about a finished run. */
export function describeResult(result: TrainRunResult): string {
  const m = result.metadata;
  const sparsity = m.finalSparsity === undefined ? '' : `, sparsity ${(m.finalSparsity * 100).toFixed(1)}%`;
  const ret = m.finalReturn === undefined ? '' : `, last return ${m.finalReturn.toFixed(2)}`;
  return `${result.status}: ${result.directory} (${formatCount(m.envSteps)} steps, ${formatCount(m.envStepsPerSecond)} steps/s, ${formatDuration(m.trainSeconds)}${ret}${sparsity})`;
}

/**
 * Trains every seed of a config, one after the other, with a progress bar. The config (and any
 * plugin) is validated and every part built before the first run directory is created.
 * Returns the exit code: 0 when every run completed or was stopped with a checkpoint.
 */
export async function trainCommand(file: string, options: TrainCommandOptions, output: CliOutput): Promise<number> {
  const config = await loadExperiment(file, options, output.io.cwd);
  const stop = new StopSignal(output);
  try {
    // With several seeds, `resume <run dir>` would continue one of them only: the config file resumes them all.
    const resumeHint = config.seeds.length > 1 ? `prunerl train ${file} --resume` : undefined;
    await trainSeeds(config, config.seeds, options.resume ? 'auto' : 'new', output, stop, { kernelThreads: options.kernelThreads, resumeHint });
    return 0;
  } finally {
    stop.dispose();
  }
}

/**
 * Trains the given seeds of a resolved config (shared by `train` and `resume`). Returns false when
 * a stop was requested (the interrupted run has its checkpoint), true when every run finished.
 */
export async function trainSeeds(
  config: ResolvedExperimentConfig,
  seeds: readonly number[],
  mode: 'new' | 'auto' | 'resume',
  output: CliOutput,
  stop: StopSignal,
  options: { readonly kernelThreads?: number | undefined; readonly resumeHint?: string | undefined; readonly directory?: string | undefined } = {},
): Promise<boolean> {
  const { kernelThreads } = options;
  const display = new ProgressDisplay(output);
  try {
    for (const seed of seeds) {
      if (stop.requested) break;
      const label = `${config.name} seed ${seed}`;
      const result = await trainRun({
        config,
        seed,
        mode,
        // A run directory given to `resume` is the one resumed, wherever its config says runs go (a moved or copied run).
        ...(options.directory !== undefined ? { directory: options.directory } : {}),
        shouldStop: () => stop.requested,
        ...(kernelThreads !== undefined ? { kernelThreads } : {}),
        onProgress: (progress) => display.update(label, label, progress),
        log: (message) => display.log(message),
      });
      display.finish(label);
      output.result(describeResult(result), { status: result.status, directory: result.directory, seed, metadata: result.metadata });
      if (result.status === 'interrupted') {
        output.info(`resume with: ${options.resumeHint ?? `prunerl resume ${result.directory}`}`);
        return false;
      }
    }
    return !stop.requested;
  } finally {
    display.stop();
  }
}
