import { checkBoolean } from '@prunerl/core';
import type { AgentDescriptor } from '../registry/agent-descriptor';
import { IMPLICIT_QUANTILE_KEYS, resolveImplicitQuantileOptions } from './implicit-quantile-agent';
import { IQN_OPTION_KEYS, IQNAgent, type IQNOptions } from './iqn-agent';

/** {@link IQNAgent} by name (`iqn`): a `quantile` head. */
export const IQN_DESCRIPTOR: AgentDescriptor<'iqn', IQNOptions> = {
  name: 'iqn',
  description: "IQN (Dopamine JAX): quantile head at sampled fractions, quantile Huber loss (kappa 1), N = N' = 64, K = 32, optional Double DQN",
  optionKeys: [...IMPLICIT_QUANTILE_KEYS, ...IQN_OPTION_KEYS],
  heads: ['quantile'],
  checkOptions: (owner, options) => {
    resolveImplicitQuantileOptions(owner, options);
    if (options.double !== undefined) checkBoolean(`${owner}.double`, options.double);
  },
  create: (input) => new IQNAgent(input),
};
