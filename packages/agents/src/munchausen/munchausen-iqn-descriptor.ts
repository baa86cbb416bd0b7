import type { AgentDescriptor } from '../registry/agent-descriptor';
import { IMPLICIT_QUANTILE_KEYS, resolveImplicitQuantileOptions } from '../iqn/implicit-quantile-agent';
import { MUNCHAUSEN_KEYS, MunchausenIQNAgent, resolveMunchausenOptions, type MunchausenIQNOptions } from './munchausen-iqn-agent';

/** {@link MunchausenIQNAgent} by name (`m-iqn`): a `quantile` head. */
export const MUNCHAUSEN_IQN_DESCRIPTOR: AgentDescriptor<'m-iqn', MunchausenIQNOptions> = {
  name: 'm-iqn',
  description: 'Munchausen IQN: IQN with a soft target and the scaled log-policy bonus (temperature 0.03, alpha 0.9, clip -1)',
  optionKeys: [...IMPLICIT_QUANTILE_KEYS, ...MUNCHAUSEN_KEYS],
  heads: ['quantile'],
  checkOptions: (owner, options) => {
    resolveImplicitQuantileOptions(owner, options);
    resolveMunchausenOptions(owner, options);
  },
  create: (input) => new MunchausenIQNAgent(input),
};
