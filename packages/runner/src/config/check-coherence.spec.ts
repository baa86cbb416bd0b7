import { plannedUpdatesOf, resolveExperimentConfig } from './resolve-config';
import { baseConfig, resolveErrorOf } from './config-errors.fixture';

/** DQN with the MinAtar preset: warm-up 1,000 steps, batch 32, an update every 4 steps. */
const base = baseConfig;
const errorOf = resolveErrorOf;

describe('checkCoherence (through resolveExperimentConfig)', () => {
  it('should accept a coherent config', () => {
    expect(() => resolveExperimentConfig({ ...base(), pruner: { name: 'gmp', options: { sparsity: 0.9, startStep: 10, endStep: 200 } } })).not.toThrow();
  });

  it('should refuse a replay buffer smaller than the warm-up or than a batch', () => {
    const warmUp = errorOf({ ...base(), replay: { capacity: 500 } });
    expect(warmUp.field).toBe('replay.capacity');
    expect(warmUp.message).toMatch(/at least agent\.options\.minReplayHistory = 1000/);
    const batch = errorOf({ ...base(), agent: { name: 'dqn', options: { minReplayHistory: 10 } }, replay: { capacity: 16 } });
    expect(batch.message).toMatch(/replay\.capacity: expected at least agent\.options\.batchSize = 32, got 16/);
  });

  it('should refuse a pruner or hooks on a run too short to make an update, but not a plain one', () => {
    const short = { ...base(), budget: { iterations: 1, stepsPerIteration: 900 } };
    expect(errorOf({ ...short, pruner: { name: 'gmp' } }).message).toMatch(/^budget: .*minReplayHistory \(1000\).*pruner \(gmp\)/);
    expect(errorOf({ ...short, hooks: [{ name: 'redo' }] }).message).toMatch(/its hooks to act on/);
    expect(() => resolveExperimentConfig(short)).not.toThrow();
  });

  it('should refuse a pruning schedule in updates that ends or starts after the last update', () => {
    // 2,000 steps, warm-up 1,000, an update every 4: 250 updates.
    const late = errorOf({ ...base(), pruner: { name: 'gmp', options: { startStep: 10, endStep: 300 } } });
    expect(late.field).toBe('pruner.options.endStep');
    expect(late.message).toMatch(/at most the run's 250 gradient updates/);
    expect(errorOf({ ...base(), pruner: { name: 'gmp', options: { startStep: 250, endStep: 250 } } }).field).toBe('pruner.options.startStep');
  });

  it('should refuse diagnostics that would never be logged and a frame skip on MinAtar', () => {
    expect(errorOf({ ...base(), logging: { diagnosticsEvery: 3 } }).message).toMatch(/logging\.diagnosticsEvery: expected at most budget\.iterations = 2/);
    expect(errorOf({ ...base(), budget: { iterations: 2, stepsPerIteration: 1000, frameSkip: 4 } }).message).toMatch(/budget\.frameSkip: expected 1: MinAtar\/Breakout-v1 has no frame skip/);
  });
});

describe('offline configs (through resolveExperimentConfig)', () => {
  const offline = (extra: Record<string, unknown> = {}) => ({
    environment: { id: 'CartPole-v1' },
    agent: { name: 'cql' },
    offline: { datasets: [{ path: 'cartpole-dqn/seed-0', from: 0.5 }] },
    budget: { iterations: 4, stepsPerIteration: 500 },
    evaluation: { episodes: 5 },
    ...extra,
  });

  it('should resolve to the fixed replay and one gradient step per training step, the schedule counting them', () => {
    const config = resolveExperimentConfig({ ...offline(), pruner: { name: 'gmp', options: { sparsity: 0.9 } } });
    expect(config).toMatchObject({
      name: 'cartpole-cql-gmp-offline-w1',
      method: 'CQL gmp 90% + offline w=1',
      replay: { name: 'fixed', capacity: 1_000_000, options: { nStep: 1, gamma: 0.99 } },
      offline: { datasets: [{ path: 'cartpole-dqn/seed-0', from: 0.5 }] },
    });
    expect(config.agent.options).toMatchObject({ minReplayHistory: 0, updatePeriod: 1, updatesPerStep: 1, totalSteps: 2_000 });
    expect(plannedUpdatesOf(config)).toBe(2_000);
    // Plain DQN offline: the online preset's warm-up and period are replaced, its circular capacity dropped.
    const dqn = resolveExperimentConfig(offline({ agent: { name: 'dqn' } }));
    expect(dqn.agent.options).toMatchObject({ minReplayHistory: 0, updatePeriod: 1, totalSteps: 2_000, loss: 'mse' });
    expect(dqn.replay).toEqual({ name: 'fixed', options: { nStep: 3, gamma: 0.99 } });
    // The resolved config is itself a valid config.
    expect(resolveExperimentConfig(config)).toEqual(config);
  });

  it('should refuse what cannot work offline, naming the field', () => {
    expect(errorOf(offline({ budget: { frames: 2000, stepsPerIteration: 500 } })).message).toMatch(/^budget\.frames: expected no frames budget in an offline run/);
    expect(errorOf(offline({ agent: { name: 'cql', options: { updatePeriod: 4 } } })).message).toMatch(/^agent\.options\.updatePeriod: expected 1 \(or nothing\) in an offline run/);
    expect(errorOf(offline({ replay: { name: 'uniform' } })).message).toMatch(/^replay\.name: expected "fixed" in an offline run/);
    expect(errorOf(offline({ evaluation: { episodes: 0 } })).message).toMatch(/^evaluation\.episodes: expected at least 1 in an offline run/);
    expect(errorOf(offline({ logging: { replay: true } })).message).toMatch(/^logging\.replay: expected false in an offline run/);
    expect(errorOf({ ...base(), agent: { name: 'cql' } }).message).toMatch(/^offline: expected offline\.datasets: the "fixed" replay buffer serves logged datasets/);
    expect(errorOf(offline({ offline: { datasets: [] } })).field).toBe('offline.datasets');
  });
});

describe('actor-critic and CQL configs (through resolveExperimentConfig)', () => {
  const sac = (extra: Record<string, unknown> = {}) => ({ environment: { id: 'Pendulum-v1' }, agent: { name: 'sac', preset: 'classic' }, budget: { iterations: 2, stepsPerIteration: 1_000 }, ...extra });
  const ppo = (extra: Record<string, unknown> = {}) => ({ environment: { id: 'Pendulum-v1' }, agent: { name: 'ppo', preset: 'classic' }, budget: { iterations: 2, stepsPerIteration: 1_024 }, ...extra });

  it('should accept the classic SAC and PPO presets as they are', () => {
    expect(() => resolveExperimentConfig(sac())).not.toThrow();
    expect(() => resolveExperimentConfig(ppo())).not.toThrow();
  });

  it('should refuse NoisyNet layers for SAC and PPO', () => {
    const noisy = { network: { options: { noisy: true } } };
    expect(errorOf(sac(noisy)).field).toBe('network.options.noisy');
    expect(errorOf(ppo(noisy)).message).toMatch(/importance ratio/);
  });

  it('should refuse an n-step or prioritized replay and an input scale for SAC', () => {
    const nStep = errorOf(sac({ replay: { options: { nStep: 3 } } }));
    expect(nStep.field).toBe('replay.options.nStep');
    expect(nStep.message).toMatch(/expected 1 for sac .*got 3/);
    expect(errorOf(sac({ replay: { name: 'prioritized' } })).field).toBe('replay.name');
    expect(errorOf(sac({ network: { options: { inputScale: 0.5 } } })).field).toBe('network.options.inputScale');
  });

  it("should refuse a replay gamma other than PPO's discount", () => {
    const error = errorOf(ppo({ replay: { options: { gamma: 0.99 } } }));
    expect(error.field).toBe('replay.options.gamma');
    expect(error.message).toMatch(/agent\.options\.discount = 0\.9 for ppo/);
    expect(() => resolveExperimentConfig(ppo({ agent: { name: 'ppo', preset: 'classic', options: { discount: 0.99 } }, replay: { options: { gamma: 0.99 } } }))).not.toThrow();
  });

  it('should refuse a prioritized replay for CQL online', () => {
    const error = errorOf({ environment: { id: 'CartPole-v1' }, agent: { name: 'cql', preset: 'classic' }, replay: { name: 'prioritized', capacity: 50_000 }, budget: { iterations: 2, stepsPerIteration: 1_000 } });
    expect(error.field).toBe('replay.name');
    expect(error.message).toMatch(/not be TD errors/);
  });
});
