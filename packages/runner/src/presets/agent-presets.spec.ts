import { agents, Box, ConfigError, Rng } from '@prunerl/core';
import { FakeNetworkFactory, FakeReplayBuffer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { createOptimizer, DrQAugmentation, registerAgents } from '@prunerl/agents';
import { validatePreset } from './agent-preset';
import { agentPreset, hasAgentPreset, PRESET_AGENTS, PRESET_NAMES } from './agent-presets';
import { ATARI_CQL_C51_PRESET, ATARI_CQL_PRESET, ATARI_DER_PRESET, ATARI_DQN_PRESET, ATARI_DRQ_EPS_PRESET, ATARI_IQN_PRESET, ATARI_M_IQN_PRESET, ATARI_RAINBOW_PRESET } from './atari-preset';

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

  it('should give PAPER.md Table 3 exactly for the offline agents on atari', () => {
    expect(ATARI_CQL_PRESET.optimizer).toEqual({ kind: 'adam', learningRate: 5e-5, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 });
    expect(ATARI_CQL_C51_PRESET.optimizer).toEqual({ kind: 'adam', learningRate: 6.25e-5, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 });
    expect(ATARI_CQL_PRESET.agentOptions).toEqual({ batchSize: 32, minReplayHistory: 0, updatePeriod: 1, epsilonEval: 0.001, targetUpdatePeriod: 2_000, cqlCoefficient: 0.1, double: false });
    expect(ATARI_CQL_C51_PRESET.agentOptions).toEqual({ batchSize: 32, minReplayHistory: 0, updatePeriod: 1, epsilonEval: 0.001, targetUpdatePeriod: 100, cqlCoefficient: 0.1, double: true });
    expect(ATARI_CQL_PRESET.replay).toEqual({ kind: 'fixed', capacity: 2_500_000, nStep: 1, gamma: 0.99 });
    expect(ATARI_CQL_C51_PRESET.replay).toEqual({ kind: 'fixed', capacity: 2_500_000, nStep: 3, gamma: 0.99 });
    expect(ATARI_CQL_PRESET.network).toEqual({ torso: 'impala', head: 'q', width: 1 });
    expect(ATARI_CQL_C51_PRESET.network).toEqual({ torso: 'impala', head: 'c51', width: 1, numAtoms: 51, vMin: -10, vMax: 10, dueling: true });
    for (const family of ['atari', 'minatar', 'classic'] as const) {
      expect(agentPreset(family, 'cql').agentOptions).toMatchObject({ cqlCoefficient: 0.1, double: false, updatePeriod: 1, minReplayHistory: 0 });
      expect(agentPreset(family, 'cql-c51').agentOptions).toMatchObject({ cqlCoefficient: 0.1, double: true, updatePeriod: 1, minReplayHistory: 0 });
      expect(agentPreset(family, 'cql-c51').network).toMatchObject({ head: 'c51', numAtoms: 51, dueling: true });
      expect(agentPreset(family, 'cql-c51').replay).toMatchObject({ kind: 'fixed', nStep: 3 });
    }
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

  it('should give PAPER.md Table 2 for atari IQN and M-IQN', () => {
    for (const preset of [ATARI_IQN_PRESET, ATARI_M_IQN_PRESET]) {
      expect(preset.optimizer).toEqual({ kind: 'adam', learningRate: 5e-5, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 });
      expect(preset.agentOptions).toMatchObject({
        batchSize: 32,
        minReplayHistory: 20_000,
        updatePeriod: 4,
        targetUpdatePeriod: 8_000,
        epsilonTrain: 0.01,
        epsilonEval: 0.001,
        epsilonDecayPeriod: 250_000,
        numTauSamples: 64,
        numTauPrimeSamples: 64,
        numQuantileSamples: 32,
        kappa: 1,
      });
      expect(preset.replay).toEqual({ kind: 'uniform', capacity: 1_000_000, nStep: 3, gamma: 0.99 });
      expect(preset.network).toMatchObject({ head: 'quantile', embeddingDim: 64, width: 1 });
    }
    expect(ATARI_M_IQN_PRESET.agentOptions).toMatchObject({ temperature: 0.03, alpha: 0.9, logPolicyClip: -1 });
  });

  it('should give PAPER.md Table 1 for atari DER and DrQ(epsilon)', () => {
    for (const preset of [ATARI_DER_PRESET, ATARI_DRQ_EPS_PRESET]) {
      expect(preset.optimizer).toEqual({ kind: 'adam', learningRate: 1e-4, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 });
      expect(preset.agentOptions).toMatchObject({ batchSize: 32, minReplayHistory: 1_600, updatePeriod: 1, epsilonTrain: 0.01, epsilonEval: 0.001, double: true });
      expect(preset.replay).toMatchObject({ capacity: 1_000_000, nStep: 10, gamma: 0.99 });
    }
    expect(ATARI_DER_PRESET.agentOptions).toMatchObject({ targetUpdatePeriod: 2_000, epsilonDecayPeriod: 2_000, noisy: true });
    expect(ATARI_DER_PRESET.replay.kind).toBe('prioritized');
    expect(ATARI_DER_PRESET.network).toMatchObject({ head: 'c51', numAtoms: 51, vMin: -10, vMax: 10, dueling: true, noisy: true });
    expect(ATARI_DRQ_EPS_PRESET.agentOptions).toMatchObject({ targetUpdatePeriod: 1, epsilonDecayPeriod: 5_000, loss: 'huber', augmentation: { pad: 4, intensityScale: 0.05 } });
    expect(ATARI_DRQ_EPS_PRESET.replay.kind).toBe('uniform');
    expect(ATARI_DRQ_EPS_PRESET.network).toEqual({ torso: 'impala', head: 'dueling', width: 1 });
    expect(agentPreset('minatar', 'drq-eps').agentOptions.augmentation).toEqual({ pad: 1, intensityScale: 0.05 });
  });

  it('should build the agent of every preset through the registry', () => {
    registerAgents();
    const heads = { q: { kind: 'q' }, dueling: { kind: 'dueling' }, c51: { kind: 'c51', numAtoms: 5 }, quantile: { kind: 'quantile' } } as const;
    for (const name of PRESET_NAMES) {
      for (const kind of PRESET_AGENTS[name]) {
        const preset = agentPreset(name, kind);
        const observationShape = preset.network.torso === 'mlp' ? [4] : [10, 10, 4];
        // SAC (and PPO, which takes either) acts in a Box here; the value agents in 3 discrete actions.
        const continuous = kind === 'sac' || kind === 'ppo';
        const agent = agents.get(kind)(
          {
            networkFactory: new FakeNetworkFactory({ hidden: [], head: { ...heads[preset.network.head], noisy: preset.network.noisy } }),
            replay: new FakeReplayBuffer({ observationShape, ...(continuous ? { actionSize: 1 } : {}) }),
            optimizer: createOptimizer(preset.optimizer),
            hooks: [],
            numActions: continuous ? 1 : 3,
            observationShape,
            ...(continuous ? { actionSpace: new Box({ low: [-2], high: [2], shape: [1], dtype: 'float32' }) } : {}),
          },
          { ...preset.agentOptions },
          { rng: Rng.fromSeed(0) },
        );
        expect(agent.kind).toBe(kind === 'der' ? 'rainbow' : kind === 'drq-eps' ? 'dqn' : kind);
        expect((agent as { augmentation?: unknown }).augmentation instanceof DrQAugmentation).toBe(kind === 'drq-eps');
        agent.dispose?.();
      }
    }
    tf.disposeVariables();
  });

  it('should say which agents each preset configures', () => {
    expect(PRESET_AGENTS.classic).toEqual(['dqn', 'rainbow', 'iqn', 'm-iqn', 'cql', 'cql-c51', 'sac', 'ppo']);
    expect(PRESET_AGENTS.minatar).not.toContain('sac');
    expect(hasAgentPreset('minatar', 'drq-eps')).toBe(true);
    expect(hasAgentPreset('classic', 'der')).toBe(false);
    expect(hasAgentPreset('mujoco', 'dqn')).toBe(false);
    expect(PRESET_AGENTS.mujoco).toEqual(['sac', 'ppo']);
    expect(() => agentPreset('classic', 'der')).toThrow(/preset agent: expected an agent the "classic" preset configures/);
    expect(() => agentPreset('atari', 'a2c' as never)).toThrow(/preset agent: expected one of/);
    expect(() => agentPreset('atari', 'sac')).toThrow(/preset agent: expected an agent the "atari" preset configures/);
  });

  it('should return frozen presets for every name and agent', () => {
    for (const name of PRESET_NAMES) {
      for (const agent of PRESET_AGENTS[name]) {
        const preset = agentPreset(name, agent);
        expect(preset.agent).toBe(agent);
        expect(Object.isFrozen(preset.agentOptions)).toBe(true);
        expect(() => {
          (preset.optimizer as { learningRate: number }).learningRate = 1;
        }).toThrow(TypeError);
      }
    }
    expect(() => agentPreset('mojoco' as never, 'dqn')).toThrow(/preset: expected one of "atari", "minatar", "classic", "mujoco"/);
    expect(() => agentPreset('mujoco', 'dqn')).toThrow(/preset agent: expected an agent the "mujoco" preset configures \("sac", "ppo"\)/);
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

  it('should check the options of the new agents', () => {
    const iqn = { ...ATARI_IQN_PRESET, name: 'mine' };
    expect(() => validatePreset({ ...iqn, agentOptions: { ...iqn.agentOptions, numTauSamples: 0 } })).toThrow(/preset "mine".agentOptions.numTauSamples/);
    expect(() => validatePreset({ ...iqn, agentOptions: { ...iqn.agentOptions, temperature: 0.03 } as never })).toThrow(/preset "mine".agentOptions.temperature/);
    expect(() => validatePreset({ ...iqn, network: { ...iqn.network, head: 'q' } })).toThrow(/preset "mine".network.head: expected one of "quantile"/);
    expect(() => validatePreset({ ...iqn, network: { torso: 'impala', head: 'quantile', width: 1, embeddingDim: 0 } })).toThrow(/preset "mine".network.embeddingDim/);
    const miqn = { ...ATARI_M_IQN_PRESET, name: 'mine' };
    expect(() => validatePreset({ ...miqn, agentOptions: { ...miqn.agentOptions, alpha: 2 } })).toThrow(/preset "mine".agentOptions.alpha/);
    const dqn = { ...ATARI_DQN_PRESET, name: 'mine' };
    expect(() => validatePreset({ ...dqn, network: { ...dqn.network, embeddingDim: 64 } })).toThrow(/preset "mine".network.embeddingDim/);
    const drq = { ...ATARI_DRQ_EPS_PRESET, name: 'mine' };
    expect(() => validatePreset({ ...drq, agentOptions: { ...drq.agentOptions, augmentation: { pad: -1 } } })).toThrow(/preset "mine".agentOptions.DrQAugmentation.pad/);
    expect(() => validatePreset({ ...drq, agentOptions: { ...drq.agentOptions, augmentation: new DrQAugmentation() as never } })).toThrow(/presets are data/);
    expect(() => validatePreset({ ...drq, network: { torso: 'mlp', head: 'dueling', width: 1 } })).toThrow(/preset "mine".agentOptions.augmentation: expected image observations/);
  });
});
