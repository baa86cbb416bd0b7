/**
 * PPO through the runner like any other agent: a short Pendulum-v1 run with GMP on the policy and
 * value networks, resumed bit-identically after a crash and after a stop in the middle of a
 * rollout and of an episode (the checkpoint holds the rollout), the same run through the inversify
 * container,
 * and a CartPole-v1 run (discrete actions, categorical policy) from the same `ppo` name.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunDirectory } from '@prunerl/evaluation/node';
import { plannedUpdatesOf, resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { expectCrashThenResumeMatches, finalState, metricsWithoutTime } from './run-files.fixture';
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

  it('should continue a run killed after 1 iteration (mid-rollout) exactly as straight', async () => {
    await expectCrashThenResumeMatches(ppoConfig(join(root, 'killed')), 1, straight);
  }, 120_000);

  it('should continue from a stop in the middle of an episode and a rollout, bit for bit', async () => {
    const config = ppoConfig(join(root, 'stopped'));
    let polls = 0;
    const first = await trainRun({ config, seed: 0, shouldStop: () => ++polls === 550 }); // in iteration 0's evaluation (400 training polls, then 200 evaluation ones): no update before its log line
    expect(first.status).toBe('interrupted');
    const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
    expect(resumed.status).toBe('complete');
    expect(await metricsWithoutTime(resumed.directory)).toEqual(await metricsWithoutTime(straight));
    expect((await finalState(resumed.directory)).agent).toEqual((await finalState(straight)).agent);
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
