import { ConfigError } from '@prunerl/core';
import { resolveExperimentConfig } from '../config/resolve-config';
import { planParts } from './part-plan';
import type { TaskSpec } from './task-spec';

/** Only the input scale matters to the plan; the rest of the task is not read. */
const task = (inputScale: number): TaskSpec => ({ inputScale }) as unknown as TaskSpec;

describe('planParts', () => {
  const sac = resolveExperimentConfig({ environment: { id: 'Pendulum-v1' }, agent: { name: 'sac', preset: 'classic' }, budget: { iterations: 2, stepsPerIteration: 1_000 } });

  it("should give the network the task's input scale unless the config sets one", () => {
    const dqn = resolveExperimentConfig({ environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'dqn', preset: 'minatar' }, budget: { iterations: 1, stepsPerIteration: 2_000 } });
    expect(planParts(dqn, task(1 / 255)).network.options['inputScale']).toBe(1 / 255);
    const set = { ...dqn, network: { ...dqn.network, options: { ...dqn.network.options, inputScale: 1 } } };
    expect(planParts(set, task(1 / 255)).network.options['inputScale']).toBe(1);
    expect(planParts(sac, task(1)).network.options['inputScale']).toBe(1);
  });

  it("should refuse SAC on a task whose observations need a scale (its critics would scale the actions)", () => {
    let error: unknown;
    try {
      planParts(sac, task(1 / 255));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('environment.id');
    expect((error as ConfigError).message).toMatch(/input scale of 0\.0039.*actions too/);
  });
});
