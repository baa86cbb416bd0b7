import { ConfigError } from '@prunerl/core';
import { resolveExperimentConfig } from './resolve-config';

/** DQN on MinAtar Breakout with the `minatar` preset: warm-up 1,000 steps, batch 32, an update every 4 steps. */
export const baseConfig = () => ({
  environment: { id: 'MinAtar/Breakout-v1' },
  agent: { name: 'dqn' },
  budget: { iterations: 2, stepsPerIteration: 1000 },
});

/** The ConfigError resolving `input` throws (fails the test if it resolves). */
export function resolveErrorOf(input: unknown): ConfigError {
  try {
    resolveExperimentConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
