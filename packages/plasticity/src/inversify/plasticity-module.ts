import { Rng, TOKENS, updateHooks, type FactoryContext, type NetworkFactory, type ReplayBuffer, type UpdateHook } from '@prunerl/core';
import { ContainerModule, type ResolutionContext } from 'inversify';
import { registerPlasticityHooks } from '../registry/register-plasticity-hooks';

/** One hook of {@link plasticityModule}: a registry name and its options (plain JSON, as in a config). */
export interface PlasticityHookSpec {
  /** `redo`, `reset`, `weight-decay`, or another registered update hook. */
  readonly name: string;
  readonly options?: Record<string, unknown>;
}

/** Options of {@link plasticityModule}. */
export interface PlasticityModuleOptions {
  /** The hooks to add, in order. */
  readonly hooks: readonly PlasticityHookSpec[];
  /** Seed of the hooks' streams when the container has no `TOKENS.Rng`. Default 0. */
  readonly seed?: number;
}

function optionalGet<T>(context: ResolutionContext, token: symbol): T | undefined {
  return context.get<T>(token, { optional: true }) as T | undefined;
}

/**
 * The container entry of `@prunerl/plasticity`: registers `redo`, `reset` and `weight-decay` by name
 * and adds one singleton per requested hook to the `TOKENS.UpdateHook` multi-binding, in binding order
 * (load it before `@prunerl/pruning/inversify`, so the pruner runs last and re-applies its masks after
 * these hooks edit weights, as the runner orders them). Hook i draws from
 * `split('hooks').split(i)` of the container's `TOKENS.Rng` (the runner's stream names) and receives,
 * when bound, `TOKENS.TotalUpdates`, `TOKENS.NetworkFactory` and `TOKENS.ReplayBuffer`.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.bind(TOKENS.Rng).toConstantValue(Rng.fromSeed(0));
 * await container.load(plasticityModule({ hooks: [{ name: 'weight-decay', options: { weightDecay: 1e-5 } }] }));
 * const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook); // [WeightDecay]
 * ```
 */
export function plasticityModule(options: PlasticityModuleOptions): ContainerModule {
  const specs = [...options.hooks];
  return new ContainerModule(({ bind }) => {
    registerPlasticityHooks();
    specs.forEach((spec, i) => {
      bind<UpdateHook>(TOKENS.UpdateHook)
        .toDynamicValue((context) => {
          const root = optionalGet<Rng>(context, TOKENS.Rng) ?? Rng.fromSeed(options.seed ?? 0);
          const totalUpdates = optionalGet<number>(context, TOKENS.TotalUpdates);
          const networkFactory = optionalGet<NetworkFactory>(context, TOKENS.NetworkFactory);
          const replay = optionalGet<ReplayBuffer>(context, TOKENS.ReplayBuffer);
          const factoryContext: FactoryContext = {
            rng: root.split('hooks').split(i),
            ...(totalUpdates !== undefined ? { totalUpdates } : {}),
            ...(networkFactory !== undefined ? { networkFactory } : {}),
            ...(replay !== undefined ? { replay } : {}),
          };
          return updateHooks.get(spec.name)({ ...(spec.options ?? {}) }, factoryContext);
        })
        .inSingletonScope();
    });
  });
}
