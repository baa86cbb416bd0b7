import {
  Box,
  checkKnownKeys,
  checkOneOf,
  ConfigError,
  EnvironmentError,
  sizeOfShape,
  typedArrayFor,
  type Action,
  type Environment,
  type Space,
  type TypedArray,
} from '@prunerl/core';

/**
 * When a sub-environment whose episode ended is reset (Gymnasium 1.x `AutoresetMode`):
 * - `same-step`: within the step that ended it; the step returns the new episode's first
 *   observation and puts the last one in `infos[i].finalObservation` (and the step's info in
 *   `infos[i].finalInfo`).
 * - `next-step`: on the following `step`, which ignores that env's action and returns its reset
 *   observation with reward 0 and both flags false (Gymnasium 1.x's default).
 */
export type AutoresetMode = 'same-step' | 'next-step';

/** Options of {@link SyncVectorEnv}. */
export interface VectorEnvOptions {
  /** Default `same-step`: every step then yields one complete transition per env. */
  readonly autoresetMode?: AutoresetMode;
}

/** What {@link SyncVectorEnv.reset} returns. */
export interface VectorResetResult<Obs extends TypedArray> {
  /** The N observations, concatenated (`[N, ...shape]`, row-major). */
  readonly observations: Obs;
  readonly infos: Record<string, unknown>[];
}

/** What {@link SyncVectorEnv.step} returns: Gymnasium's five arrays. */
export interface VectorStepResult<Obs extends TypedArray> {
  /** The N observations, concatenated (`[N, ...shape]`). */
  readonly observations: Obs;
  readonly rewards: Float64Array;
  readonly terminated: boolean[];
  readonly truncated: boolean[];
  readonly infos: Record<string, unknown>[];
}

/**
 * N copies of an environment stepped one after the other in this thread (Gymnasium's
 * `SyncVectorEnv`), with automatic reset of the copies whose episodes end.
 *
 * Autoreset defaults to `same-step` (Gymnasium 1.x defaults to `next-step`): with it, each
 * `step` gives one complete `(observation, action, reward, nextObservation)` transition per copy,
 * the true last observation of an episode included (needed to bootstrap after a truncation), and
 * no step is spent on a reset whose action is ignored, so agent-step counts equal environment-step
 * counts. `next-step` is there for code written against Gymnasium's default.
 *
 * Seeding follows Gymnasium: `reset({ seed })` seeds copy i with `seed + i`.
 *
 * @example
 * ```ts
 * const envs = new SyncVectorEnv(Array.from({ length: 8 }, () => make('CartPole-v1')));
 * let { observations } = envs.reset({ seed: 0 });
 * const { rewards, terminated, truncated, infos } = envs.step([0, 1, 0, 1, 0, 1, 0, 1]);
 * ```
 */
export class SyncVectorEnv<Obs extends TypedArray = TypedArray, Act extends Action = number> {
  readonly envs: readonly Environment<Obs, Act>[];
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  /** The space of one copy's observation. */
  readonly singleObservationSpace: Space<Obs>;
  /** The space of one copy's action. */
  readonly singleActionSpace: Space<Act>;
  /** The space of the concatenated observations, `[N, ...shape]` (when the single space is a `Box`). */
  readonly observationSpace: Box | undefined;
  private readonly size: number;
  private readonly needsReset: boolean[];
  private started = false;

  constructor(envs: readonly Environment<Obs, Act>[], options: VectorEnvOptions = {}) {
    checkKnownKeys('SyncVectorEnv options', options, ['autoresetMode']);
    if (!Array.isArray(envs) || envs.length === 0) {
      throw new ConfigError({ field: 'SyncVectorEnv envs', value: envs, expected: 'a non-empty array of environments' });
    }
    this.envs = [...envs];
    this.numEnvs = envs.length;
    this.autoresetMode = checkOneOf('SyncVectorEnv options.autoresetMode', options.autoresetMode ?? 'same-step', ['same-step', 'next-step'] as const);
    const first = envs[0]!;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    for (let i = 1; i < envs.length; i++) {
      const same =
        JSON.stringify(envs[i]!.observationSpace.toJSON()) === JSON.stringify(first.observationSpace.toJSON()) &&
        JSON.stringify(envs[i]!.actionSpace.toJSON()) === JSON.stringify(first.actionSpace.toJSON());
      if (!same) {
        throw new ConfigError({
          field: `SyncVectorEnv envs[${i}]`,
          value: envs[i]!.observationSpace.toJSON(),
          expected: `the spaces of envs[0] (${JSON.stringify(first.observationSpace.toJSON())})`,
        });
      }
    }
    const space = first.observationSpace;
    this.size = sizeOfShape(space.shape);
    this.observationSpace = space instanceof Box ? batchBox(space, this.numEnvs) : undefined;
    this.needsReset = new Array<boolean>(this.numEnvs).fill(false);
  }

  /** Resets every copy; `seed` seeds copy i with `seed + i` (or `seed[i]` for an array). */
  reset(options: { seed?: number | readonly number[] } = {}): VectorResetResult<Obs> {
    const seeds = this.seedsFor(options.seed);
    const observations = this.allocate();
    const infos: Record<string, unknown>[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      const { observation, info } = this.envs[i]!.reset(seeds === undefined ? {} : { seed: seeds[i]! });
      observations.set(observation, i * this.size);
      infos.push(info);
      this.needsReset[i] = false;
    }
    this.started = true;
    return { observations, infos };
  }

  /**
   * Steps every copy with its action (`actions[i]`: a number, or a `Float32Array` for continuous
   * actions), resetting ended copies per `autoresetMode`.
   */
  step(actions: ArrayLike<Act>): VectorStepResult<Obs> {
    if (!this.started) {
      throw new EnvironmentError({ field: 'SyncVectorEnv.step(actions)', value: actions, expected: 'a call to reset() before the first step' });
    }
    if (actions === null || typeof actions !== 'object' || actions.length !== this.numEnvs) {
      throw new EnvironmentError({ field: 'SyncVectorEnv.step(actions)', value: actions, expected: `${this.numEnvs} actions, one per env` });
    }
    const observations = this.allocate();
    const rewards = new Float64Array(this.numEnvs);
    const terminated = new Array<boolean>(this.numEnvs).fill(false);
    const truncated = new Array<boolean>(this.numEnvs).fill(false);
    const infos: Record<string, unknown>[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i]!;
      if (this.needsReset[i]) {
        // next-step mode only: this step is the reset; the action is ignored.
        const { observation, info } = env.reset();
        observations.set(observation, i * this.size);
        infos.push(info);
        this.needsReset[i] = false;
        continue;
      }
      const result = env.step(actions[i]!);
      rewards[i] = result.reward;
      terminated[i] = result.terminated;
      truncated[i] = result.truncated;
      const ended = result.terminated || result.truncated;
      if (ended && this.autoresetMode === 'same-step') {
        const { observation, info } = env.reset();
        observations.set(observation, i * this.size);
        infos.push({ ...info, finalObservation: result.observation, finalInfo: result.info });
      } else {
        observations.set(result.observation, i * this.size);
        infos.push(result.info);
        if (ended) this.needsReset[i] = true;
      }
    }
    return { observations, rewards, terminated, truncated, infos };
  }

  close(): void {
    for (const env of this.envs) env.close();
  }

  private allocate(): Obs {
    return typedArrayFor(this.singleObservationSpace.dtype, this.size * this.numEnvs) as Obs;
  }

  private seedsFor(seed: number | readonly number[] | undefined): readonly number[] | undefined {
    if (seed === undefined) return undefined;
    if (typeof seed === 'number') {
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new EnvironmentError({ field: 'SyncVectorEnv.reset(options.seed)', value: seed, expected: 'an integer in [0, 2^53)' });
      }
      return Array.from({ length: this.numEnvs }, (_, i) => seed + i);
    }
    if (!Array.isArray(seed) || seed.length !== this.numEnvs) {
      throw new EnvironmentError({ field: 'SyncVectorEnv.reset(options.seed)', value: seed, expected: `a seed or ${this.numEnvs} seeds` });
    }
    return seed;
  }
}

function batchBox(space: Box, n: number): Box {
  const tile = (bound: Float64Array): Float64Array => {
    const out = new Float64Array(bound.length * n);
    for (let i = 0; i < n; i++) out.set(bound, i * bound.length);
    return out;
  };
  return new Box({ low: tile(space.low), high: tile(space.high), shape: [n, ...space.shape], dtype: space.dtype });
}
