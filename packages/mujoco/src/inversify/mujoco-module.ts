import { environments, TOKENS, type Action, type Environment, type EnvironmentFactory, type TypedArray } from '@prunerl/core';
import { ContainerModule } from 'inversify';
import { registerMujocoEnvironments } from '../registry/mujoco-environments';

/** Options of {@link mujocoModule}. */
export interface MujocoModuleOptions {
  /** The id to build: `Hopper-v5`, `Walker2d-v5`, `HalfCheetah-v5`, `Ant-v5` or `Humanoid-v5`. */
  readonly id: string;
  /** Options of every environment built (per-call options are merged over them). */
  readonly options?: Record<string, unknown>;
}

/**
 * Loads MuJoCo, registers the five ids, and returns a `ContainerModule` binding core's
 * `TOKENS.EnvironmentFactory` to a factory of `id` and `TOKENS.Environment` to a fresh environment
 * per resolution, as `@prunerl/environments/inversify`'s `environmentsModule` does for its ids.
 * Asynchronous only because loading the WebAssembly is; an unknown id or bad option fails here.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.loadSync(await mujocoModule({ id: 'Hopper-v5' }));
 * const env = container.get<Environment<Float32Array, Float32Array>>(TOKENS.Environment);
 * ```
 */
export async function mujocoModule(moduleOptions: MujocoModuleOptions): Promise<ContainerModule> {
  await registerMujocoEnvironments();
  const { id } = moduleOptions;
  const base = moduleOptions.options ?? {};
  const make = environments.get(id);
  make(base).close();
  const factory: EnvironmentFactory<TypedArray, Action> = (overrides = {}) => make({ ...base, ...overrides });
  return new ContainerModule((options) => {
    options.bind<EnvironmentFactory<TypedArray, Action>>(TOKENS.EnvironmentFactory).toConstantValue(factory);
    options.bind<Environment<TypedArray, Action>>(TOKENS.Environment).toDynamicValue(() => factory()).inTransientScope();
  });
}
