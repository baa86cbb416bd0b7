import type { Space, TypedArray } from '../spaces/space';

/** What `reset` returns. */
export interface ResetResult<Obs> {
  readonly observation: Obs;
  readonly info: Record<string, unknown>;
}

/** What `step` returns (Gymnasium's five-tuple as an object). */
export interface StepResult<Obs> {
  readonly observation: Obs;
  readonly reward: number;
  /** The MDP reached a terminal state: do not bootstrap. */
  readonly terminated: boolean;
  /** The episode was cut short (e.g. time limit): bootstrap from `observation`. */
  readonly truncated: boolean;
  readonly info: Record<string, unknown>;
}

/** Options of `reset`. */
export interface ResetOptions {
  /** Reseeds the environment's random stream, as in Gymnasium. */
  readonly seed?: number;
}

/**
 * A Gymnasium-style environment. Observations are typed arrays (no tfjs), so environments run
 * anywhere and are cheap to store.
 *
 * Invariants: `step` before the first `reset`, `step` after `terminated || truncated` without a new
 * `reset`, and an action outside `actionSpace` all throw an `EnvironmentError` naming the value.
 */
export interface Environment<Obs = TypedArray, Act = number> {
  /** The registry id it was made from, if any (`MinAtar/Breakout-v1`). */
  readonly id?: string;
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  reset(options?: ResetOptions): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  close(): void;
  /** The innermost environment, below all wrappers. */
  readonly unwrapped: Environment<Obs, Act>;
  /** Optional text rendering of the current state. */
  render?(): string;
}

/** DI token of {@link Environment}. */
export const Environment = Symbol.for('@prunerl/core/Environment');

/** Builds environments, e.g. one per vector slot or per evaluation. */
export type EnvironmentFactory<Obs = TypedArray, Act = number> = (options?: Record<string, unknown>) => Environment<Obs, Act>;

/** DI token of {@link EnvironmentFactory}. */
export const EnvironmentFactory = Symbol.for('@prunerl/core/EnvironmentFactory');
