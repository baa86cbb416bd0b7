import { ConfigError } from '@prunerl/core';
import { validatePreset } from './agent-preset';
import { agentPreset, PRESET_NAMES } from './agent-presets';
import { ATARI_DQN_PRESET, ATARI_RAINBOW_PRESET } from './atari-preset';

describe('agentPreset', () => {
  it('should give PAPER.md Table 2 exactly for atari', () => {
    for (const preset of [ATARI_DQN_PRESET, ATARI_RAINBOW_PRESET]) {
      expect(preset.optimizer).toEqual({ kind: 'adam', learningRate: 6.25e-5, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 });
      expect(preset.agentOptions).toMatchObject({
        batchSize: 32,
        minReplayHistory: 20_000,
        updatePeriod: 4,
        targetUpdatePeriod: 8_000,
        epsilonTrain: 0.01,
        epsilonEval: 0.001,
        epsilonDecayPeriod: 250_000,
      });
      expect(preset.replay.capacity).toBe(1_000_000);
      expect(preset.replay.gamma).toBe(0.99);
      expect(preset.network.width).toBe(1);
    }
    expect(ATARI_DQN_PRESET.replay).toMatchObject({ kind: 'uniform', nStep: 1 });
    expect(ATARI_DQN_PRESET.agentOptions.loss).toBe('mse');
    expect(ATARI_RAINBOW_PRESET.replay).toMatchObject({ kind: 'prioritized', nStep: 3 });
    expect(ATARI_RAINBOW_PRESET.network).toMatchObject({ head: 'c51', numAtoms: 51, vMin: -10, vMax: 10 });
  });

  it('should give the MinAtar scale settings', () => {
    const dqn = agentPreset('minatar', 'dqn');
    const rainbow = agentPreset('minatar', 'rainbow');
    expect(dqn.optimizer).toMatchObject({ kind: 'adam', learningRate: 2.5e-4, epsilon: 3.125e-4 });
    expect(rainbow.optimizer).toMatchObject({ kind: 'adam', learningRate: 1e-4, epsilon: 3.125e-4 });
    for (const p of [dqn, rainbow]) {
      expect(p.agentOptions).toMatchObject({
        batchSize: 32,
        updatePeriod: 4,
        targetUpdatePeriod: 1_000,
        minReplayHistory: 1_000,
        epsilonTrain: 0.01,
        epsilonDecayPeriod: 250_000,
      });
      expect(p.replay).toMatchObject({ capacity: 100_000, gamma: 0.99 });
      expect(p.network.torso).toBe('minatar-cnn');
    }
  });

  it('should return frozen presets for every name and agent', () => {
    for (const name of PRESET_NAMES) {
      for (const agent of ['dqn', 'rainbow'] as const) {
        const preset = agentPreset(name, agent);
        expect(preset.agent).toBe(agent);
        expect(Object.isFrozen(preset.agentOptions)).toBe(true);
        expect(() => {
          (preset.optimizer as { learningRate: number }).learningRate = 1;
        }).toThrow(TypeError);
      }
    }
    expect(() => agentPreset('mujoco' as never, 'dqn')).toThrow(/preset: expected one of "atari", "minatar", "classic"/);
  });
});

describe('validatePreset', () => {
  it('should name the bad field', () => {
    const base = { ...ATARI_DQN_PRESET, name: 'mine' };
    expect(() => validatePreset({ ...base, agentOptions: { ...base.agentOptions, batchSize: -1 } })).toThrow(/preset "mine".agentOptions.batchSize/);
    expect(() => validatePreset({ ...base, optimizer: { kind: 'adam', learningRate: 0 } })).toThrow(/preset "mine".AdamOptimizer.learningRate/);
    expect(() => validatePreset({ ...base, replay: { ...base.replay, gamma: 1.5 } })).toThrow(/preset "mine".replay.gamma/);
    expect(() => validatePreset({ ...base, network: { ...base.network, head: 'c51' } })).toThrow(ConfigError);
    expect(() => validatePreset({ ...base, network: { ...base.network, width: 0 } })).toThrow(/preset "mine".network.width/);
    const rainbow = { ...ATARI_RAINBOW_PRESET, name: 'der-like' };
    expect(validatePreset({ ...rainbow, agentOptions: { ...rainbow.agentOptions, noisy: true }, network: { ...rainbow.network, dueling: true, noisy: true } }).network.noisy).toBe(true);
    expect(() => validatePreset({ ...rainbow, agentOptions: { ...rainbow.agentOptions, noisy: true } })).toThrow(/preset "der-like".agentOptions.noisy/);
  });
});
