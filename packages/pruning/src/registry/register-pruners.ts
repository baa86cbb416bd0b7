import { pruners, type FactoryContext, type PrunerRegistration } from '@prunerl/core';
import { GradualMagnitudePruner } from '../pruners/gradual-magnitude-pruner';
import { LotteryTicketPruner, type LotteryTicketPrunerOptions } from '../pruners/lottery-ticket-pruner';
import { OneShotPruner } from '../pruners/one-shot-pruner';
import { RandomPruner } from '../pruners/random-pruner';
import { RigLPruner } from '../pruners/rigl-pruner';
import { SetPruner } from '../pruners/set-pruner';
import { StaticSparsePruner } from '../pruners/static-sparse-pruner';

/** Run-wide defaults from the factory context: the pruning stream and the run's total updates. */
function withContext(options: Record<string, unknown>, context: FactoryContext, useTotal = true): Record<string, unknown> {
  return {
    ...(options.seed === undefined && options.rng === undefined ? { rng: context.rng } : {}),
    ...(useTotal && options.totalUpdates === undefined && context.totalUpdates !== undefined ? { totalUpdates: context.totalUpdates } : {}),
    ...options,
  };
}

/**
 * The pruners of this package by registry name, with one-line descriptions. Options are the
 * constructors' options as plain JSON (`{ sparsity: 0.9, distribution: 'uniform' }`); the factory
 * context supplies the random stream and the run's total updates unless the options set them.
 */
export const PRUNER_REGISTRATIONS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly factory: PrunerRegistration }> = [
  {
    name: 'gmp',
    description: 'Gradual magnitude pruning (the paper): polynomial schedule, ERK, 95%, 20%-80% of training, every 1,000 updates',
    factory: (options, context) => new GradualMagnitudePruner(withContext(options, context)),
  },
  {
    name: 'one-shot',
    description: 'Prune once to the target (default at 20% of training), mask fixed afterwards',
    factory: (options, context) => new OneShotPruner(withContext(options, context)),
  },
  {
    name: 'random',
    description: 'Gradual pruning with random instead of magnitude scores (ablation)',
    factory: (options, context) => new RandomPruner(withContext(options, context)),
  },
  {
    name: 'static-sparse',
    description: 'Random (ERK) mask fixed from initialisation',
    factory: (options, context) => new StaticSparsePruner(withContext(options, context, false)),
  },
  {
    name: 'lottery-ticket',
    description: 'Retrain from the original initial weights under a given final mask (Figure 13)',
    factory: (options) => new LotteryTicketPruner(options as unknown as LotteryTicketPrunerOptions),
  },
  {
    name: 'set',
    description: 'Sparse evolutionary training: drop by magnitude, grow at random, cosine-decayed drop fraction',
    factory: (options, context) => new SetPruner(withContext(options, context)),
  },
  {
    name: 'rigl',
    description: 'RigL: drop by magnitude, grow by gradient magnitude, cosine-decayed drop fraction (Figure 22)',
    factory: (options, context) => new RigLPruner(withContext(options, context)),
  },
];

/**
 * Registers this package's pruners in `@prunerl/core`'s `pruners` registry (`gmp`, `one-shot`,
 * `random`, `static-sparse`, `lottery-ticket`, `set`, `rigl`), so configs and the CLI can name them.
 * Idempotent: names already registered (by an earlier call or a copy of this package) are left
 * alone unless `override` is set. Returns the names registered by this package.
 *
 * @example
 * ```ts
 * registerPruners();
 * const hook = pruners.get('gmp')({ sparsity: 0.9 }, { rng: Rng.fromSeed(1).split('pruning'), totalUpdates: 100_000 });
 * ```
 */
export function registerPruners(options: { readonly override?: boolean } = {}): string[] {
  for (const { name, description, factory } of PRUNER_REGISTRATIONS) {
    if (!pruners.has(name) || options.override) pruners.register(name, factory, { description, override: true });
  }
  return PRUNER_REGISTRATIONS.map((r) => r.name);
}
