import { ConfigError } from '@prunerl/core';
import { resolveExperimentConfig } from '@prunerl/runner/browser';
import { DEFAULT_SETTINGS, toExperimentConfig } from './settings';

describe(toExperimentConfig.name, () => {
  it('should shorten the MinAtar preset to the budget and recompute masks 40 times over the GMP schedule', () => {
    const config = resolveExperimentConfig(toExperimentConfig({ ...DEFAULT_SETTINGS, iterations: 3, stepsPerIteration: 1_500 }));
    expect(config.agent).toMatchObject({ name: 'dqn', preset: 'minatar', options: { minReplayHistory: 450, epsilonDecayPeriod: 1125, targetUpdatePeriod: 225, updatePeriod: 4 } });
    expect(config.network).toMatchObject({ torso: 'minatar-cnn', width: 1 });
    // (4,500 - 450) / 4 = 1,012 updates; GMP prunes over 60% of them.
    expect(config.pruner).toEqual({ name: 'gmp', options: { sparsity: 0.9, updateFrequency: 15 } });
    expect(config.replay.capacity).toBe(4_500);
  });

  it('should train CartPole with an MLP, dense when no pruner is chosen', () => {
    const config = resolveExperimentConfig(toExperimentConfig({ ...DEFAULT_SETTINGS, environment: 'CartPole-v1', torso: 'mlp', agent: 'rainbow', pruner: 'none' }));
    expect(config.agent).toMatchObject({ name: 'rainbow', preset: 'classic', options: { minReplayHistory: 500, updatePeriod: 1 } });
    expect(config.network.torso).toBe('mlp');
    expect(config.pruner).toBeNull();
  });

  it('should refuse the MinAtar CNN on CartPole, naming the setting', () => {
    expect(() => toExperimentConfig({ ...DEFAULT_SETTINGS, environment: 'CartPole-v1', torso: 'minatar-cnn' })).toThrow(ConfigError);
    expect(() => toExperimentConfig({ ...DEFAULT_SETTINGS, environment: 'CartPole-v1', torso: 'minatar-cnn' })).toThrow(/^torso: expected mlp for CartPole-v1/);
  });
});
