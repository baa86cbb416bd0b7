import type { AgentDescriptor } from '../registry/agent-descriptor';
import { SACAgent } from './sac-agent';
import { resolveSACOptions, SAC_OPTION_KEYS, type SACComponents, type SACOptions } from './sac-options';

/**
 * {@link SACAgent} by name (`sac`): continuous actions (a float32 `Box` action space), a linear `q`
 * head for its actor (means and log standard deviations) and critics; its options are all its own
 * (none of the value agents' epsilon schedules or target copies).
 */
export const SAC_DESCRIPTOR: AgentDescriptor<'sac', SACOptions, SACComponents> = {
  name: 'sac',
  description: 'SAC (rigl / TF-Agents): tanh-squashed Gaussian actor, twin critics with Polyak targets, learned temperature; continuous (Box) actions',
  actions: 'continuous',
  sharedOptions: 'none',
  optionKeys: SAC_OPTION_KEYS,
  heads: ['q'],
  checkOptions: (owner, options) => void resolveSACOptions(owner, options),
  updateSchedule: (options) => {
    const { minReplayHistory, updatePeriod, updatesPerStep } = resolveSACOptions('SACAgent', options);
    return { minReplayHistory, updatePeriod, updatesPerStep };
  },
  create: (input) => new SACAgent(input),
};
