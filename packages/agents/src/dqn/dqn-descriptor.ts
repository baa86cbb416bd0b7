import type { AgentDescriptor } from '../registry/agent-descriptor';
import { DQN_OPTION_KEYS, DQNAgent, resolveDQNOptions, type DQNOptions } from './dqn-agent';

/** {@link DQNAgent} by name (`dqn`): a `q` or `dueling` head. */
export const DQN_DESCRIPTOR: AgentDescriptor<'dqn', DQNOptions> = {
  name: 'dqn',
  description: 'DQN (Dopamine JAX): epsilon-greedy, MSE or Huber TD loss, n-step targets from replay, optional Double DQN',
  optionKeys: DQN_OPTION_KEYS,
  heads: ['q', 'dueling'],
  checkOptions: (owner, options) => void resolveDQNOptions(owner, options),
  create: (input) => new DQNAgent(input),
};
