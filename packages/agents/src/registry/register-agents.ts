import { agents, optimizers, type AgentRegistration, type OptimizerRegistration } from '@prunerl/core';
import { createOptimizer, type OptimizerConfig } from '../optimizers/create-optimizer';
import { agentRegistration } from './agent-descriptor';
import { AGENT_DESCRIPTORS } from './agent-descriptors';

/**
 * This package's agents by registry name, derived from {@link AGENT_DESCRIPTORS}. Options are the
 * constructors' options as plain JSON (an `augmentation` as DrQ augmentation options, or an
 * `Augmentation` object given in code).
 */
export const AGENT_REGISTRATIONS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly factory: AgentRegistration }> = AGENT_DESCRIPTORS.map(
  (descriptor) => ({ name: descriptor.name, description: descriptor.description, factory: agentRegistration<object, object>(descriptor) }),
);

/** This package's optimisers by registry name (`adam`, `rmsprop-centered`, `rmsprop`). */
export const OPTIMIZER_REGISTRATIONS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly factory: OptimizerRegistration }> = [
  {
    name: 'adam',
    description: 'Adam as optax/PyTorch compute it, with an explicit epsilon (default 1.5e-4)',
    factory: (options) => createOptimizer({ ...options, kind: 'adam' } as OptimizerConfig),
  },
  {
    name: 'rmsprop-centered',
    description: "Centered RMSProp as TensorFlow computes it (epsilon added under the square root)",
    factory: (options) => createOptimizer({ ...options, kind: 'rmsprop-centered' } as OptimizerConfig),
  },
  {
    name: 'rmsprop',
    description: 'RMSProp as TensorFlow computes it (epsilon added under the square root)',
    factory: (options) => createOptimizer({ ...options, kind: 'rmsprop' } as OptimizerConfig),
  },
];

/**
 * Registers `dqn`, `rainbow`, `iqn`, `m-iqn`, `der` and `drq-eps` in `@prunerl/core`'s `agents` registry and `adam`,
 * `rmsprop-centered`, `rmsprop` in its `optimizers` registry, so configs and the CLI can name them.
 * Idempotent: names already registered are left alone unless `override` is set. Returns the names
 * this package registers.
 *
 * @example
 * ```ts
 * registerAgents();
 * const agent = agents.get('dqn')(
 *   { networkFactory, replay, optimizer: optimizers.get('adam')({ learningRate: 1e-3 }), hooks: [], numActions: 2, observationShape: [4] },
 *   { minReplayHistory: 500 },
 *   { rng: Rng.fromSeed(0).split('agent') },
 * );
 * ```
 */
export function registerAgents(options: { readonly override?: boolean } = {}): string[] {
  for (const { name, description, factory } of AGENT_REGISTRATIONS) {
    if (!agents.has(name) || options.override) agents.register(name, factory, { description, override: true });
  }
  for (const { name, description, factory } of OPTIMIZER_REGISTRATIONS) {
    if (!optimizers.has(name) || options.override) optimizers.register(name, factory, { description, override: true });
  }
  return [...AGENT_REGISTRATIONS, ...OPTIMIZER_REGISTRATIONS].map((r) => r.name);
}
