import {
  checkAction,
  EnvironmentError,
  type Action,
  type Environment,
  type ResetOptions,
  type ResetResult,
  type Space,
  type StepResult,
  type TypedArray,
} from '@prunerl/core';
import type { RandomSource } from '../random/random-source';

/** Where an environment is in its episode cycle. */
export type EpisodePhase = 'unreset' | 'running' | 'ended';

/**
 * Base of the built-in environments: enforces the `Environment` contract's order (no `step` before
 * `reset`, none after `terminated` without a new `reset`), validates actions against the action space
 * (core's `checkAction`: a discrete index, or a finite `Float32Array` of a box's size) and handles
 * `reset({ seed })` on the environment's {@link RandomSource}. Subclasses implement the dynamics in
 * `resetState` and `stepState`.
 */
export abstract class EpisodicEnvironment<Obs extends TypedArray, Act extends Action = number> implements Environment<Obs, Act> {
  abstract readonly observationSpace: Space<Obs>;
  abstract readonly actionSpace: Space<Act>;
  /** The registry id the environment was made from, if any. */
  readonly id: string | undefined;
  protected phase: EpisodePhase = 'unreset';
  private closed = false;

  protected constructor(
    id: string | undefined,
    /** The source every draw of this environment comes from. */
    protected randomSource: RandomSource,
  ) {
    this.id = id;
  }

  get unwrapped(): this {
    return this;
  }

  /** Where the environment is in its episode cycle. */
  get episodePhase(): EpisodePhase {
    return this.phase;
  }

  reset(options: ResetOptions = {}): ResetResult<Obs> {
    this.checkOpen('reset(options)', options);
    if (options === null || typeof options !== 'object') {
      throw new EnvironmentError({ field: 'reset(options)', value: options, expected: 'an object like { seed?: number } or nothing' });
    }
    if (options.seed !== undefined) this.reseed(options.seed);
    const observation = this.resetState();
    this.phase = 'running';
    return { observation, info: this.resetInfo() };
  }

  step(action: Act): StepResult<Obs> {
    this.checkAction(action);
    const result = this.stepState(action);
    if (result.terminated || result.truncated) this.phase = 'ended';
    return result;
  }

  close(): void {
    this.closed = true;
  }

  /** Starts a new episode and returns its first observation (the random draws happen here). */
  protected abstract resetState(): Obs;

  /** Advances one step with a validated action. */
  protected abstract stepState(action: Act): StepResult<Obs>;

  /** The `info` of `reset`; empty unless a subclass adds to it. */
  protected resetInfo(): Record<string, unknown> {
    return {};
  }

  /** Marks the episode running without a `reset` (used by `setState`). */
  protected markRunning(): void {
    this.checkOpen('setState(state)', undefined);
    this.phase = 'running';
  }

  private reseed(seed: unknown): void {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
      throw new EnvironmentError({ field: 'reset(options.seed)', value: seed, expected: 'an integer in [0, 2^53)' });
    }
    if (typeof this.randomSource.seed !== 'function') {
      throw new EnvironmentError({
        field: 'reset(options.seed)',
        value: seed,
        expected: 'no seed, since the injected random source has no seed(seed) method',
        hint: 'Seed the source you pass as `random` yourself, or give it a seed(seed) method.',
      });
    }
    this.randomSource.seed(seed);
  }

  private checkAction(action: Act): void {
    if (this.phase !== 'running' || this.closed) {
      this.checkOpen('step(action)', action);
      throw new EnvironmentError({
        field: 'step(action)',
        value: action,
        expected: this.phase === 'unreset' ? 'a call to reset() before the first step' : 'a call to reset() after the episode ended',
        hint: this.phase === 'ended' ? 'The last step returned terminated or truncated.' : undefined,
      });
    }
    checkAction(this.actionSpace, action);
  }

  private checkOpen(field: string, value: unknown): void {
    if (this.closed) throw new EnvironmentError({ field, value, expected: 'an environment that is not closed' });
  }
}
