import type { RainbowOptions } from '../rainbow/rainbow-agent';
import { RAINBOW_DESCRIPTOR } from '../rainbow/rainbow-descriptor';
import type { AgentDescriptor } from '../registry/agent-descriptor';
import { createDERAgent } from './der-agent';

/** {@link createDERAgent} by name (`der`): Rainbow's options and heads, DER's defaults. */
export const DER_DESCRIPTOR: AgentDescriptor<'der', RainbowOptions> = {
  ...RAINBOW_DESCRIPTOR,
  name: 'der',
  description:
    'Data-efficient Rainbow: the Rainbow agent with double DQN, an update every step, target period 2,000, min replay 1,600 (noisy dueling C51 head and 10-step PER from the preset)',
  create: createDERAgent,
};
