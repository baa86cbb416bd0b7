import type { AgentDescriptor } from '../registry/agent-descriptor';
import { PPOAgent } from './ppo-agent';
import { plannedPPOUpdates, PPO_OPTION_KEYS, resolvePPOOptions, type PPOComponents, type PPOOptions } from './ppo-options';

/**
 * {@link PPOAgent} by name (`ppo`): any `Box` or `Discrete` action space (a Gaussian or a categorical
 * policy), a linear `q` head for its policy and value networks; its options are all its own. Its
 * gradient steps come from its rollouts (`epochs * rolloutSteps / minibatchSize` per rollout), not
 * from the value agents' update period.
 */
export const PPO_DESCRIPTOR: AgentDescriptor<'ppo', PPOOptions, PPOComponents> = {
  name: 'ppo',
  description: 'PPO (clipped objective, GAE, minibatch epochs): Gaussian policy for Box actions, categorical for Discrete; on-policy',
  actions: ['discrete', 'continuous'],
  sharedOptions: 'none',
  optionKeys: PPO_OPTION_KEYS,
  heads: ['q'],
  checkOptions: (owner, options) => void resolvePPOOptions(owner, options),
  plannedUpdates: (options, totalSteps) => plannedPPOUpdates(resolvePPOOptions('ppo', options), totalSteps),
  create: (input) => new PPOAgent(input),
};
