import type { ResolvedExperimentConfig } from '../config/resolve-config';
import type { ExperimentProgress } from '../experiment/experiment-loop';

/** What the sweep parent sends a worker process: one run to train. */
export interface SweepJobMessage {
  readonly type: 'job';
  readonly id: string;
  readonly seed: number;
  readonly config: ResolvedExperimentConfig;
  readonly factors: Readonly<Record<string, string | number>>;
  /** Absolute path of the run directory. */
  readonly directory: string;
  /** Threads running the run's wasm kernels (`trainRun`'s `kernelThreads`); default 1. */
  readonly kernelThreads?: number;
}

/** What a worker sends back. */
export type SweepWorkerMessage =
  | { readonly type: 'progress'; readonly id: string; readonly progress: ExperimentProgress }
  | { readonly type: 'log'; readonly id: string; readonly message: string }
  | {
      readonly type: 'result';
      readonly id: string;
      readonly status: 'complete' | 'interrupted' | 'skipped';
      readonly directory: string;
      /** The checkpoint the run continued from, when it resumed. */
      readonly resumedFrom?: number;
    }
  | {
      readonly type: 'error';
      readonly id: string;
      readonly message: string;
      /** `PrunerlError.code`, when the error is one of prunerl's own. */
      readonly code: string | undefined;
      /** The errno code (`EIO`, `ENOSPC`, ...) of an operating-system error. */
      readonly errno?: string;
    };
