import { pruners, Rng, TOKENS, type FactoryContext, type Pruner, type UpdateHook } from '@prunerl/core';
import { ContainerModule, type ResolutionContext } from 'inversify';
import { registerPruners } from '../registry/register-pruners';

/** Options of {@link pruningModule}. */
export interface PruningModuleOptions {
  /** A registry name (`gmp`, `rigl`, a user's registered name). Default `gmp`. */
  readonly pruner?: string;
  /** That pruner's options (plain JSON, as in a config). */
  readonly options?: Record<string, unknown>;
  /** Seed of the pruning stream when the container has no `TOKENS.Rng`. Default 0. */
  readonly seed?: number;
}

function optionalGet<T>(context: ResolutionContext, token: symbol): T | undefined {
  return context.get<T>(token, { optional: true }) as T | undefined;
}

/**
 * The container entry of `@prunerl/pruning`: registers the pruners by name, binds `TOKENS.Pruner`
 * (a singleton built from the registry) and adds it to the `TOKENS.UpdateHook` multi-binding, so an
 * agent injecting `@multiInject(UpdateHook)` gets it next to any other hook. The pruning stream is
 * `split('pruning')` of the container's `TOKENS.Rng` (if bound) and the run length comes from
 * `TOKENS.TotalUpdates` (if bound).
 *
 * Replace the pruner with `rebind(TOKENS.Pruner)`; add more hooks with `bind(TOKENS.UpdateHook)`.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.bind(TOKENS.TotalUpdates).toConstantValue(2_500_000);
 * await container.load(pruningModule({ pruner: 'gmp', options: { sparsity: 0.95 } }));
 * const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook); // [GradualMagnitudePruner]
 * ```
 */
export function pruningModule(options: PruningModuleOptions = {}): ContainerModule {
  const name = options.pruner ?? 'gmp';
  return new ContainerModule(({ bind }) => {
    registerPruners();
    bind<Pruner>(TOKENS.Pruner)
      .toDynamicValue((context) => {
        const root = optionalGet<Rng>(context, TOKENS.Rng) ?? Rng.fromSeed(options.seed ?? 0);
        const totalUpdates = optionalGet<number>(context, TOKENS.TotalUpdates);
        const factoryContext: FactoryContext = { rng: root.split('pruning'), ...(totalUpdates !== undefined ? { totalUpdates } : {}) };
        return pruners.get(name)(options.options ?? {}, factoryContext);
      })
      .inSingletonScope();
    // Resolved on every request (not `toService`): inversify 7 caches a redirect's plan, so a later
    // `rebind(TOKENS.Pruner)` would not reach hooks resolved before it.
    bind<UpdateHook>(TOKENS.UpdateHook).toDynamicValue((context) => context.get<Pruner>(TOKENS.Pruner));
  });
}
