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
 * Actions (`Act`) are `number`s of a `Discrete` space or `Float32Array`s of a `Box` space (see
 * `Action`); for a box, "outside" means the wrong type or length, or a non-finite entry (named as
 * `step(action)[i]`): values beyond `[low, high]` are clipped by the dynamics, as in Gymnasium
 * (`checkAction` is the shared check).
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
  /**
   * Optional checkpoint support for what the environment keeps across `reset()` that
   * `reset({ seed })` does not set again (MinAtar: the sticky last action, which the next episode's
   * first step may repeat), as a JSON value. Episodes are otherwise pure functions of the reset seed
   * and the actions, so this is all a runner saves to resume an environment exactly. Environments
   * with no such memory omit both methods. It lives on the innermost environment: callers use
   * `env.unwrapped`, and wrappers keep nothing across `reset`. (Not `state()`: environments commonly
   * name their dynamics `state`.)
   */
  persistentState?(): PersistentState;
  /**
   * Puts back what {@link Environment.persistentState} returned; a value the environment cannot hold
   * throws an `EnvironmentError` naming it.
   */
  restorePersistentState?(state: PersistentState): void;
}

/** What {@link Environment.persistentState} returns: any JSON value (checkpoints write it as JSON). */
export type PersistentState = string | number | boolean | null | readonly PersistentState[] | { readonly [key: string]: PersistentState };

/** DI token of {@link Environment}. */
export const Environment = Symbol.for('@prunerl/core/Environment');

/** Builds environments, e.g. one per vector slot or per evaluation. */
export type EnvironmentFactory<Obs = TypedArray, Act = number> = (options?: Record<string, unknown>) => Environment<Obs, Act>;

/** DI token of {@link EnvironmentFactory}. */
export const EnvironmentFactory = Symbol.for('@prunerl/core/EnvironmentFactory');
