import type { PlaygroundBackend, PlaygroundSettings } from './settings';

/**
 * The messages between the page and the training worker. Everything crosses by structured clone
 * (typed arrays are transferred where the sender no longer needs them).
 */

/** How the game is shown: a greedy episode after each iteration, or every training step at a pace. */
export type WatchMode = 'iteration' | 'live';

export type PageMessage =
  | { readonly type: 'init'; readonly backend: PlaygroundBackend }
  | { readonly type: 'start'; readonly settings: PlaygroundSettings }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'reset' }
  /** `speed`: frames (steps) per second shown; in `live` mode, training is held to it. */
  | { readonly type: 'watch'; readonly mode: WatchMode; readonly speed: number }
  | { readonly type: 'save' }
  | { readonly type: 'load'; readonly bytes: Uint8Array; readonly name: string };

/** One frame of the game: a MinAtar grid as RGB bytes, or CartPole's cart position and pole angle. */
export type Frame =
  | { readonly kind: 'grid'; readonly width: number; readonly height: number; readonly rgb: Uint8Array }
  | { readonly kind: 'cartpole'; readonly x: number; readonly theta: number };

/** One masked layer: its measured sparsity, its target, and its mask's density on a small grid. */
export interface LayerView {
  readonly name: string;
  readonly size: number;
  readonly sparsity: number;
  readonly target: number;
  /** Fraction of weights kept per cell, `rows x cols`, row-major (fan-in by fan-out, downsampled). */
  readonly density: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** `tf.memory()` in the worker. */
export interface MemoryReport {
  readonly numTensors: number;
  readonly numBytes: number;
}

export type SessionState = 'idle' | 'running' | 'paused' | 'complete' | 'playing';

export interface ProgressView {
  readonly state: SessionState;
  readonly phase: 'train' | 'eval';
  readonly iteration: number;
  readonly iterations: number;
  readonly totalSteps: number;
  readonly plannedSteps: number;
  readonly updates: number;
  readonly episodes: number;
  /** Over the last report interval (about 0.5 s), 0 while paused. */
  readonly stepsPerSecond: number;
  readonly updatesPerSecond: number;
  /** Training steps per second over the running time of the session (pauses excluded). */
  readonly meanStepsPerSecond: number;
  readonly sparsity: number | undefined;
  readonly targetSparsity: number | undefined;
  readonly memory: MemoryReport;
}

/** A point of a curve: environment steps and a value. */
export interface CurvePoint {
  readonly step: number;
  readonly value: number;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly backend: string; readonly memory: MemoryReport }
  | { readonly type: 'started'; readonly method: string; readonly parameters: number | undefined; readonly finalSparsity: number | undefined }
  | { readonly type: 'progress'; readonly progress: ProgressView }
  | { readonly type: 'episode'; readonly point: CurvePoint }
  | {
      readonly type: 'iteration';
      readonly iteration: number;
      readonly trainReturn: CurvePoint | undefined;
      readonly evalReturn: CurvePoint | undefined;
    }
  | { readonly type: 'sparsity'; readonly step: number; readonly overall: number; readonly target: number; readonly layers: readonly LayerView[] }
  /** Frames to show in order; `episodeReturn` is the return so far at the last one. */
  | { readonly type: 'frames'; readonly source: 'greedy' | 'live' | 'policy'; readonly frames: readonly Frame[]; readonly episodeReturn: number; readonly done: boolean }
  | { readonly type: 'saved'; readonly bytes: Uint8Array; readonly name: string }
  | { readonly type: 'loaded'; readonly name: string; readonly environment: string; readonly agent: string | undefined; readonly info: Readonly<Record<string, unknown>> }
  | { readonly type: 'reset'; readonly memory: MemoryReport }
  | { readonly type: 'error'; readonly message: string };
