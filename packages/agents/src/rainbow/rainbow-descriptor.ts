import { checkBoolean } from '@prunerl/core';
import type { AgentDescriptor } from '../registry/agent-descriptor';
import { RAINBOW_OPTION_KEYS, RainbowAgent, type RainbowOptions } from './rainbow-agent';

/** {@link RainbowAgent} by name (`rainbow`): a distributional `c51` head. */
export const RAINBOW_DESCRIPTOR: AgentDescriptor<'rainbow', RainbowOptions> = {
  name: 'rainbow',
  description: "Dopamine's compact Rainbow: C51, n-step, prioritized replay; optional double DQN and NoisyNet",
  optionKeys: RAINBOW_OPTION_KEYS,
  heads: ['c51'],
  // The head decides the rest (atoms, support, noise); the constructor checks `noisy` against it.
  checkOptions: (owner, options) => {
    if (options.double !== undefined) checkBoolean(`${owner}.double`, options.double);
    if (options.noisy !== undefined) checkBoolean(`${owner}.noisy`, options.noisy);
  },
  create: (input) => new RainbowAgent(input),
};
