import type { DQNOptions } from '../dqn/dqn-agent';
import { DQN_DESCRIPTOR } from '../dqn/dqn-descriptor';
import type { AgentDescriptor } from '../registry/agent-descriptor';
import { createDrQEpsilonAgent } from './drq-epsilon-agent';

/** {@link createDrQEpsilonAgent} by name (`drq-eps`): DQN's options and heads, DrQ(epsilon)'s defaults. */
export const DRQ_EPSILON_DESCRIPTOR: AgentDescriptor<'drq-eps', DQNOptions> = {
  ...DQN_DESCRIPTOR,
  name: 'drq-eps',
  description:
    "DrQ(epsilon): the DQN agent with Huber loss, double DQN, DrQ's image augmentation, an update and a target copy every step, min replay 1,600 (dueling head and 10-step replay from the preset)",
  create: createDrQEpsilonAgent,
};
