import { parseExperimentConfig } from './parse-config';
import { defaultPresetFor, plannedUpdatesOf, resolveExperimentConfig } from './resolve-config';
import { baseConfig, resolveErrorOf } from './config-errors.fixture';

const base = baseConfig;
const errorOf = resolveErrorOf;

describe(parseExperimentConfig.name, () => {
  it('should reject an unknown key, naming its path and the known keys', () => {
    const error = errorOf({ ...base(), network: { torso: 'mlp', widht: 3 } });
    expect(error.field).toBe('network.widht');
    expect(error.message).toMatch(/no key named "widht" \(unknown key; known keys here: "torso", "width", "head", "options"\)/);
  });

  it('should reject an unknown top-level key', () => {
    expect(errorOf({ ...base(), seedz: [1] }).field).toBe('seedz');
  });

  it('should reject a wrong type, naming the expected type and the value', () => {
    const error = errorOf({ ...base(), budget: { iterations: 'ten', stepsPerIteration: 10 } });
    expect(error.field).toBe('budget.iterations');
    expect(error.message).toBe('budget.iterations: expected a number, got "ten".');
  });

  it('should reject a sparsity of 1.5 as out of range', () => {
    const error = errorOf({ ...base(), pruner: { name: 'gmp', options: { sparsity: 1.5 } } });
    expect(error.field).toBe('pruner.options.sparsity');
    expect(error.message).toMatch(/expected a number < 1, got 1\.5/);
  });

  it('should list every problem in one message', () => {
    const error = errorOf({ ...base(), seeds: [-1], backend: 'metal', evaluation: { episodes: 1.5 } });
    expect(error.message).toMatch(/2 more problems/);
    expect(error.message).toMatch(/seeds\[0\]: expected a number >= 0/);
    expect(error.message).toMatch(/backend: expected one of "wasm", "cpu", "tensorflow", "tensorflow-gpu", "webgl", "webgpu", got "metal"/);
    expect(error.message).toMatch(/evaluation\.episodes: expected an integer, got 1\.5/);
  });

  it('should say a required field is missing', () => {
    const error = errorOf({ agent: { name: 'dqn' }, budget: { iterations: 1 } });
    expect(error.field).toBe('environment');
    expect(error.message).toMatch(/the field is required/);
  });

  it('should require iterations or frames', () => {
    expect(errorOf({ ...base(), budget: { stepsPerIteration: 10 } }).field).toBe('budget.iterations');
  });

  it('should accept "none" and null as no pruner', () => {
    expect(parseExperimentConfig({ ...base(), pruner: 'none' }).pruner).toBeNull();
    expect(parseExperimentConfig({ ...base(), pruner: null }).pruner).toBeNull();
  });

  it('should name the problem inside a pruner object rather than the union', () => {
    const error = errorOf({ ...base(), pruner: { name: 'gmp', sparsity: 0.9 } });
    expect(error.field).toBe('pruner.sparsity');
  });

  it('should mention the source file', () => {
    expect(() => parseExperimentConfig({ ...base(), x: 1 }, 'exp.yaml')).toThrow(/exp\.yaml/);
  });
});

describe(resolveExperimentConfig.name, () => {
  it('should fill the DQN MinAtar preset under the user values', () => {
    const resolved = resolveExperimentConfig({ ...base(), agent: { name: 'dqn', options: { batchSize: 64 } } });
    expect(resolved.agent.preset).toBe('minatar');
    expect(resolved.agent.options).toMatchObject({ batchSize: 64, minReplayHistory: 1000, updatePeriod: 4, totalSteps: 2000 });
    expect(resolved.network).toMatchObject({ torso: 'minatar-cnn', head: 'q', width: 1 });
    expect(resolved.replay).toMatchObject({ name: 'uniform', capacity: 100_000, options: { nStep: 1, gamma: 0.99 } });
    expect(resolved.optimiser).toMatchObject({ name: 'adam', options: { learningRate: 2.5e-4, epsilon: 3.125e-4 } });
    expect(resolved.evaluation.epsilonEval).toBe(0.001);
    expect(resolved.name).toBe('breakout-dqn-dense-w1');
    expect(resolved.method).toBe('DQN dense w=1');
  });

  it('should fill the Rainbow preset (C51 head, prioritized 3-step replay)', () => {
    const resolved = resolveExperimentConfig({ ...base(), agent: { name: 'rainbow' }, network: { torso: 'impala', width: 3 } });
    expect(resolved.network).toMatchObject({ torso: 'impala', width: 3, head: 'c51', options: { numAtoms: 51, vMin: -100, vMax: 100 } });
    expect(resolved.replay).toMatchObject({ name: 'prioritized', options: { nStep: 3 } });
    expect(resolved.optimiser.options).toMatchObject({ learningRate: 1e-4 });
  });

  it('should derive iterations from frames', () => {
    const resolved = resolveExperimentConfig({ ...base(), budget: { frames: 25_000, stepsPerIteration: 10_000 } });
    expect(resolved.budget.iterations).toBe(3);
  });

  it('should refuse frames beyond iterations x steps', () => {
    expect(errorOf({ ...base(), budget: { iterations: 1, frames: 5000, stepsPerIteration: 1000 } }).field).toBe('budget.frames');
  });

  it('should pass evaluation.sparse to the agent as sparseEvaluation, and leave the default to it', () => {
    expect(resolveExperimentConfig({ ...base(), evaluation: { episodes: 2, sparse: false } }).agent.options.sparseEvaluation).toBe(false);
    expect(resolveExperimentConfig({ ...base(), evaluation: { episodes: 2 } }).agent.options.sparseEvaluation).toBeUndefined();
    expect(() => resolveExperimentConfig({ ...base(), evaluation: { episodes: 2, sparse: 'yes' as never } })).toThrow('sparse');
  });

  it('should pass epsilonEval to the agent', () => {
    expect(resolveExperimentConfig({ ...base(), evaluation: { episodes: 2, epsilonEval: 0.05 } }).agent.options.epsilonEval).toBe(0.05);
  });

  it('should resolve a resolved config to itself (a stored config.json, a resumed run), with or without a preset', () => {
    const configs = [
      base(),
      { environment: { id: 'CartPole-v1' }, agent: { name: 'dqn', preset: 'none' }, network: { torso: 'mlp' }, budget: { iterations: 2, stepsPerIteration: 1_000 } },
      { environment: { id: 'CartPole-v1' }, agent: { name: 'dqn', preset: 'none', options: { epsilonEval: 0.05 } }, network: { torso: 'mlp' }, budget: { iterations: 2, stepsPerIteration: 1_000 } },
      { environment: { id: 'Pendulum-v1' }, agent: { name: 'sac', preset: 'classic' }, budget: { iterations: 2, stepsPerIteration: 1_000 } },
    ];
    for (const config of configs) {
      const once = resolveExperimentConfig(config);
      expect(resolveExperimentConfig(JSON.parse(JSON.stringify(once)) as never)).toEqual(once);
    }
    const plain = resolveExperimentConfig(configs[1]!);
    expect([plain.agent.options.epsilonEval, plain.evaluation.epsilonEval]).toEqual([0.001, 0.001]);
    const own = resolveExperimentConfig(configs[2]!);
    expect([own.agent.options.epsilonEval, own.evaluation.epsilonEval]).toEqual([0.05, 0.05]);
  });

  it('should refuse a seed given twice', () => {
    expect(errorOf({ ...base(), seeds: [0, 1, 1] }).message).toMatch(/^seeds: expected distinct seeds \(1 is given twice\)/);
  });

  it('should take no preset for "none" and then require a torso', () => {
    expect(errorOf({ ...base(), agent: { name: 'dqn', preset: 'none' } }).field).toBe('network.torso');
  });

  it('should refuse an unknown preset', () => {
    expect(errorOf({ ...base(), agent: { name: 'dqn', preset: 'mujoco' } }).field).toBe('agent.preset');
  });

  it('should produce a config that resolves to itself', () => {
    const resolved = resolveExperimentConfig({ ...base(), pruner: { name: 'gmp', options: { sparsity: 0.95 } } });
    expect(resolveExperimentConfig(JSON.parse(JSON.stringify(resolved)))).toEqual(resolved);
    expect(resolved.method).toBe('DQN gmp 95% w=1');
  });

  it('should name update hooks and feature normalisation in the default name and method', () => {
    const resolved = resolveExperimentConfig({
      ...base(),
      hooks: [{ name: 'redo' }, { name: 'weight-decay', options: { weightDecay: 1e-5 } }],
      network: { options: { featureNorm: true } },
    });
    expect(resolved.name).toBe('breakout-dqn-dense-redo-weight-decay-feature-norm-w1');
    expect(resolved.method).toBe('DQN dense + redo + weight-decay + feature-norm w=1');
  });
});

describe(defaultPresetFor.name, () => {
  it('should pick presets by environment family', () => {
    expect(defaultPresetFor('MinAtar/Seaquest-v1', 'dqn')).toBe('minatar');
    expect(defaultPresetFor('CartPole-v1', 'rainbow')).toBe('classic');
    expect(defaultPresetFor('MyEnv-v0', 'dqn')).toBeUndefined();
    expect(defaultPresetFor('MinAtar/Seaquest-v1', 'my-agent')).toBeUndefined();
    expect(defaultPresetFor('Hopper-v5', 'sac')).toBe('mujoco');
    expect(defaultPresetFor('Humanoid-v5', 'ppo')).toBe('mujoco');
    expect(defaultPresetFor('Hopper-v5', 'dqn')).toBeUndefined();
    expect(defaultPresetFor('Pendulum-v1', 'ppo')).toBe('classic');
  });
});

describe(plannedUpdatesOf.name, () => {
  it('should count updates after the warm-up, one every updatePeriod steps', () => {
    const resolved = resolveExperimentConfig({ ...base(), budget: { iterations: 10, stepsPerIteration: 10_000 } });
    // steps 1000..99999 with s % 4 == 0: 25000 - 250 = 24750
    expect(plannedUpdatesOf(resolved)).toBe(24_750);
  });

  it("should ask an agent with its own schedule (PPO's rollouts)", () => {
    const resolved = resolveExperimentConfig({ environment: { id: 'Pendulum-v1' }, agent: { name: 'ppo', options: { rolloutSteps: 1_000, minibatchSize: 50, epochs: 3 } }, budget: { iterations: 5, stepsPerIteration: 999 } });
    // 4 full rollouts of 1,000 in 4,995 steps, 3 epochs x 20 minibatches each.
    expect(plannedUpdatesOf(resolved)).toBe(4 * 60);
  });
});
