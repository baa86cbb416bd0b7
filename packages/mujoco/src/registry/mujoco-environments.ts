import { environments as coreEnvironments, type Action, type Environment, type EnvironmentRegistration, type Registry, type TypedArray } from '@prunerl/core';
import { AntEnv } from '../envs/ant-env';
import { HalfCheetahEnv } from '../envs/half-cheetah-env';
import { HopperEnv } from '../envs/hopper-env';
import { HumanoidEnv } from '../envs/humanoid-env';
import type { MujocoEnv, MujocoEnvOptions } from '../envs/mujoco-env';
import { Walker2dEnv } from '../envs/walker2d-env';
import { loadMujoco } from '../runtime/load-mujoco';
import type { MujocoRuntime } from '../runtime/mujoco-runtime';

type Constructor = new (options: MujocoEnvOptions & Record<string, unknown>) => MujocoEnv;

/** The ids this package registers, their classes and one-line descriptions (Gymnasium 1.x's v5 ids). */
export const MUJOCO_ENVIRONMENTS: ReadonlyArray<readonly [string, Constructor, string]> = [
  ['Hopper-v5', HopperEnv, 'Gymnasium Hopper-v5 on MuJoCo (obs 11, 3 torques, 1000-step limit)'],
  ['Walker2d-v5', Walker2dEnv, 'Gymnasium Walker2d-v5 on MuJoCo (obs 17, 6 torques, 1000-step limit)'],
  ['HalfCheetah-v5', HalfCheetahEnv, 'Gymnasium HalfCheetah-v5 on MuJoCo (obs 17, 6 torques, 1000-step limit)'],
  ['Ant-v5', AntEnv, 'Gymnasium Ant-v5 on MuJoCo (obs 105, 8 torques, 1000-step limit)'],
  ['Humanoid-v5', HumanoidEnv, 'Gymnasium Humanoid-v5 on MuJoCo (obs 348, 17 torques, 1000-step limit)'],
];

/**
 * Loads MuJoCo (once) and registers `Hopper-v5`, `Walker2d-v5`, `HalfCheetah-v5`, `Ant-v5` and
 * `Humanoid-v5` in core's `environments` registry (or the one given), so `make(id)`, the runner and
 * `prunerl train --plugin @prunerl/mujoco` build them by id. Each registered factory takes the
 * environment's options (`maxEpisodeSteps` included, default 1000) without `mujoco`. Ids already
 * taken are kept (a user's earlier registration stands). Idempotent.
 *
 * @example
 * ```ts
 * await registerMujocoEnvironments();
 * const env = make('Hopper-v5', { maxEpisodeSteps: 500 }); // @prunerl/environments' make
 * ```
 */
export async function registerMujocoEnvironments(registry: Registry<EnvironmentRegistration> = coreEnvironments): Promise<MujocoRuntime> {
  const mujoco = await loadMujoco();
  for (const [id, Env, description] of MUJOCO_ENVIRONMENTS) {
    if (registry.has(id)) continue;
    const factory = (options: Record<string, unknown>): Environment<TypedArray, Action> => new Env({ ...options, mujoco, id }) as Environment<TypedArray, Action>;
    registry.register(id, factory, { description });
  }
  return mujoco;
}

/**
 * The plugin entry the runner's `loadPlugins` calls (`plugins: ['@prunerl/mujoco']` in a config, or
 * `--plugin @prunerl/mujoco`): registers the five environments in the registries it is given.
 */
export async function register(registries: { readonly environments: Registry<EnvironmentRegistration> }): Promise<void> {
  await registerMujocoEnvironments(registries.environments);
}

/**
 * Builds the MuJoCo environment registered as `id` (loading MuJoCo and registering the ids first if
 * needed): the asynchronous counterpart of `make` for code that has not registered them yet.
 *
 * @example
 * ```ts
 * const env = await makeMujoco('HalfCheetah-v5', { ctrlCostWeight: 0.05 });
 * ```
 */
export async function makeMujoco(id: string, options: Record<string, unknown> = {}): Promise<Environment<Float32Array, Float32Array>> {
  await registerMujocoEnvironments();
  return coreEnvironments.get(id)(options) as unknown as Environment<Float32Array, Float32Array>;
}
