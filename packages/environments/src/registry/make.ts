import { ConfigError, environments, type Action, type Environment, type EnvironmentRegistration, type TypedArray } from '@prunerl/core';
import { SyncVectorEnv, type AutoresetMode } from '../vector/sync-vector-env';
import { registerBuiltinEnvironments } from './builtin-environments';

/**
 * Builds the environment registered as `id` (Gymnasium's `gym.make`). Built-ins:
 * `CartPole-v1`, `Acrobot-v1`, `MountainCar-v0`, the continuous `Pendulum-v1` and
 * `MountainCarContinuous-v0` (`Float32Array` actions of a `Box`; each wrapped in its `TimeLimit`) and
 * `MinAtar/{Asterix,Breakout,Freeway,Seaquest,SpaceInvaders}-v1`. `options` go to the
 * environment's constructor (unknown keys throw), except `maxEpisodeSteps`, which sets (or, for
 * MinAtar, adds) the `TimeLimit`. An unknown id throws a `ConfigError` listing the known ones.
 *
 * @example
 * ```ts
 * const env = make('MinAtar/Breakout-v1', { stickyActionProb: 0.1 });
 * const { observation } = env.reset({ seed: 42 });
 * ```
 */
export function make(id: string, options: Record<string, unknown> = {}): Environment<TypedArray, Action> {
  registerBuiltinEnvironments();
  const factory = environments.get(id);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError({ field: `make("${id}", options)`, value: options, expected: 'an options object' });
  }
  return factory(options);
}

/** The registered ids, sorted (the built-ins and any `register`ed ones). */
export function listEnvironments(): string[] {
  registerBuiltinEnvironments();
  return environments.names();
}

/**
 * Registers a user environment under `id` so `make(id, options)` builds it. Taking a registered id
 * throws unless `override` is set.
 *
 * @example
 * ```ts
 * register('MyGrid-v0', (options) => new MyGridEnv(options), { description: 'a 5x5 grid' });
 * ```
 */
export function register(id: string, factory: EnvironmentRegistration, options: { description?: string; override?: boolean } = {}): void {
  registerBuiltinEnvironments();
  if (typeof factory !== 'function') {
    throw new ConfigError({ field: `register("${id}", factory)`, value: factory, expected: 'a function (options) => Environment' });
  }
  environments.register(id, factory, options);
}

/** Options of {@link makeVectorEnv}. */
export interface MakeVectorEnvOptions {
  /** Options of each copy, as for `make`. */
  readonly env?: Record<string, unknown>;
  readonly autoresetMode?: AutoresetMode;
}

/** `numEnvs` copies of `make(id, options.env)` in a {@link SyncVectorEnv}. */
export function makeVectorEnv(id: string, numEnvs: number, options: MakeVectorEnvOptions = {}): SyncVectorEnv<TypedArray, Action> {
  if (!Number.isSafeInteger(numEnvs) || numEnvs < 1) {
    throw new ConfigError({ field: 'makeVectorEnv numEnvs', value: numEnvs, expected: 'an integer >= 1' });
  }
  const envs = Array.from({ length: numEnvs }, () => make(id, options.env ?? {}));
  return new SyncVectorEnv(envs, options.autoresetMode === undefined ? {} : { autoresetMode: options.autoresetMode });
}
