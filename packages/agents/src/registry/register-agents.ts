import {
  agents,
  optimizers,
  type AgentComponents,
  type AgentRegistration,
  type FactoryContext,
  type OptimizerRegistration,
} from '@prunerl/core';
import { createDERAgent } from '../data-efficient/der-agent';
import { createDrQEpsilonAgent } from '../data-efficient/drq-epsilon-agent';
import { DQNAgent, type DQNAgentInput } from '../dqn/dqn-agent';
import { IQNAgent, type IQNAgentInput } from '../iqn/iqn-agent';
import { MunchausenIQNAgent, type MunchausenIQNAgentInput } from '../munchausen/munchausen-iqn-agent';
import { createOptimizer, type OptimizerConfig } from '../optimizers/create-optimizer';
import { RainbowAgent, type RainbowAgentInput } from '../rainbow/rainbow-agent';

/** The agent's input from registry arguments: components, JSON options, and the context's stream. */
function inputOf(components: AgentComponents, options: Record<string, unknown>, context: FactoryContext): Record<string, unknown> {
  return {
    ...(options.seed === undefined && options.rng === undefined ? { rng: context.rng } : {}),
    ...options,
    networkFactory: components.networkFactory,
    replay: components.replay,
    optimizer: components.optimizer,
    hooks: components.hooks,
    numActions: components.numActions,
    observationShape: components.observationShape,
  };
}

/**
 * This package's agents by registry name. Options are the constructors' options as plain JSON (an
 * `augmentation` as DrQ augmentation options, or an `Augmentation` object given in code).
 */
export const AGENT_REGISTRATIONS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly factory: AgentRegistration }> = [
  {
    name: 'dqn',
    description: "DQN (Dopamine JAX): epsilon-greedy, MSE or Huber TD loss, n-step targets from replay, optional Double DQN",
    factory: (components, options, context) => new DQNAgent(inputOf(components, options, context) as unknown as DQNAgentInput),
  },
  {
    name: 'rainbow',
    description: "Dopamine's compact Rainbow: C51, n-step, prioritized replay; optional double DQN and NoisyNet",
    factory: (components, options, context) => new RainbowAgent(inputOf(components, options, context) as unknown as RainbowAgentInput),
  },
  {
    name: 'iqn',
    description: 'IQN (Dopamine JAX): quantile head at sampled fractions, quantile Huber loss (kappa 1), N = N\' = 64, K = 32, optional Double DQN',
    factory: (components, options, context) => new IQNAgent(inputOf(components, options, context) as unknown as IQNAgentInput),
  },
  {
    name: 'm-iqn',
    description: 'Munchausen IQN: IQN with a soft target and the scaled log-policy bonus (temperature 0.03, alpha 0.9, clip -1)',
    factory: (components, options, context) => new MunchausenIQNAgent(inputOf(components, options, context) as unknown as MunchausenIQNAgentInput),
  },
  {
    name: 'der',
    description: 'Data-efficient Rainbow: the Rainbow agent with double DQN, an update every step, target period 2,000, min replay 1,600 (noisy dueling C51 head and 10-step PER from the preset)',
    factory: (components, options, context) => createDERAgent(inputOf(components, options, context) as unknown as RainbowAgentInput),
  },
  {
    name: 'drq-eps',
    description: "DrQ(epsilon): the DQN agent with Huber loss, double DQN, DrQ's image augmentation, an update and a target copy every step, min replay 1,600 (dueling head and 10-step replay from the preset)",
    factory: (components, options, context) => createDrQEpsilonAgent(inputOf(components, options, context) as unknown as DQNAgentInput),
  },
];

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
