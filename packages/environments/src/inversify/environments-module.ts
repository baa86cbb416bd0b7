import { TOKENS, type Action, type Environment, type EnvironmentFactory, type TypedArray } from '@prunerl/core';
import { ContainerModule } from 'inversify';
import { make } from '../registry/make';

/** Options of {@link environmentsModule}. */
export interface EnvironmentsModuleOptions {
  /** The registry id to build (`MinAtar/Breakout-v1`, `CartPole-v1`, or a registered one). */
  readonly id: string;
  /** Options passed to `make(id, options)` for every environment built. */
  readonly options?: Record<string, unknown>;
}

/**
 * A `ContainerModule` that binds core's `TOKENS.EnvironmentFactory` to a factory making `id`
 * (per-call options are merged over `options`), and `TOKENS.Environment` to a fresh environment
 * per resolution (transient), so training and evaluation get separate copies.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.loadSync(environmentsModule({ id: 'MinAtar/Breakout-v1', options: { stickyActionProb: 0.1 } }));
 * const makeEnv = container.get<EnvironmentFactory>(TOKENS.EnvironmentFactory);
 * const env = makeEnv();
 * ```
 */
export function environmentsModule(moduleOptions: EnvironmentsModuleOptions): ContainerModule {
  const { id } = moduleOptions;
  const base = moduleOptions.options ?? {};
  // Fails now, with the list of known ids, rather than at the first resolution.
  make(id, base).close();
  const factory: EnvironmentFactory<TypedArray, Action> = (overrides = {}) => make(id, { ...base, ...overrides });
  return new ContainerModule((options) => {
    options.bind<EnvironmentFactory<TypedArray, Action>>(TOKENS.EnvironmentFactory).toConstantValue(factory);
    options.bind<Environment<TypedArray, Action>>(TOKENS.Environment).toDynamicValue(() => factory()).inTransientScope();
  });
}
