import { updateHooks, type FactoryContext, type UpdateHookRegistration } from '@prunerl/core';
import { LayerReset, type LayerResetOptions } from '../reset/layer-reset';
import { ReDo, type ReDoOptions } from '../redo/redo';
import { WeightDecay, type WeightDecayOptions } from '../weight-decay/weight-decay';

/**
 * Options from a config plus what the run supplies: the hook's stream (unless `seed`/`rng` is set),
 * and, for the hooks that use them, the run's network factory and replay buffer.
 */
function withContext(options: Record<string, unknown>, context: FactoryContext, parts: readonly ('networkFactory' | 'replay')[]): Record<string, unknown> {
  const supplied: Record<string, unknown> = {};
  if (options.seed === undefined && options.rng === undefined) supplied.rng = context.rng;
  for (const part of parts) if (options[part] === undefined && context[part] !== undefined) supplied[part] = context[part];
  return { ...supplied, ...options };
}

/**
 * The hooks of this package by registry name, with one-line descriptions. Options are the
 * constructors' options as plain JSON (`{ tau: 0.1, recyclePeriod: 1000 }`); the factory context
 * supplies the random stream and, when the caller has built them, the network factory (for
 * `reinit: network`) and the replay buffer (ReDo's statistics batch).
 */
export const PLASTICITY_REGISTRATIONS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly factory: UpdateHookRegistration }> = [
  {
    name: 'redo',
    description: 'ReDo: recycle tau-dormant neurons (tau 0.1, 256 replay states) every recyclePeriod updates',
    factory: (options, context) => new ReDo(withContext(options, context, ['networkFactory', 'replay']) as ReDoOptions),
  },
  {
    name: 'reset',
    description: 'Reset: re-initialise the last layer(s) every resetPeriod updates (default 100k), moments zeroed',
    factory: (options, context) => new LayerReset(withContext(options, context, ['networkFactory']) as LayerResetOptions),
  },
  {
    name: 'weight-decay',
    description: 'Weight decay (default 1e-5): wd*w added to the gradient before the optimiser (reference), or decoupled',
    factory: (options) => new WeightDecay(options as WeightDecayOptions),
  },
];

/**
 * Registers `redo`, `reset` and `weight-decay` in `@prunerl/core`'s `updateHooks` registry, so
 * configs (`hooks: [{ name: redo, options: { tau: 0.1 } }]`) and the CLI can name them. Idempotent:
 * names already registered are left alone unless `override` is set. Returns the names of this package.
 *
 * @example
 * ```ts
 * registerPlasticityHooks();
 * const hook = updateHooks.get('weight-decay')({ weightDecay: 1e-5 }, { rng: Rng.fromSeed(1) });
 * ```
 */
export function registerPlasticityHooks(options: { readonly override?: boolean } = {}): string[] {
  for (const { name, description, factory } of PLASTICITY_REGISTRATIONS) {
    if (!updateHooks.has(name) || options.override) updateHooks.register(name, factory, { description, override: true });
  }
  return PLASTICITY_REGISTRATIONS.map((r) => r.name);
}
