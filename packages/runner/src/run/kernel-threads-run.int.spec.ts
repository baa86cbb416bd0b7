/**
 * A run's kernel threads change its speed, never its numbers: a DQN run on MinAtar with an Impala
 * torso wide enough for its convolutions to share their work (width 2) trained with 2 kernel
 * threads, and resumed after a crash with 1, matches the 1-thread run value for value.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@prunerl/backend';
import { resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { finalState, metricsWithoutTime, trainThenCrash } from './run-files.fixture';
import { trainRun } from './train-run';

/** 2 iterations of 250 MinAtar Breakout steps, updates every 4 steps after 100, Impala x2, GMP to 90%. */
function impalaConfig(outputDir: string): ResolvedExperimentConfig {
  return resolveExperimentConfig({
    name: 'kernel-threads',
    environment: { id: 'MinAtar/Breakout-v1' },
    agent: { name: 'dqn', options: { minReplayHistory: 100, updatePeriod: 4, targetUpdatePeriod: 50 } },
    network: { torso: 'impala', width: 2 },
    pruner: { name: 'gmp', options: { sparsity: 0.9 } },
    budget: { iterations: 2, stepsPerIteration: 250 },
    evaluation: { episodes: 1 },
    outputDir,
  });
}

describe('kernel threads in a run', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'prunerl-kernel-threads-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await initBackend({ name: 'wasm' });
  });

  it('should train and resume with any number of kernel threads to the same values', async () => {
    const one = await trainRun({ config: impalaConfig(join(root, 'one')), seed: 0, kernelThreads: 1 });
    const two = await trainRun({ config: impalaConfig(join(root, 'two')), seed: 0, kernelThreads: 2 });
    expect([one.status, two.status]).toEqual(['complete', 'complete']);
    expect(two.metadata.backend).toContain('2 kernel threads');
    expect(await metricsWithoutTime(two.directory)).toEqual(await metricsWithoutTime(one.directory));
    expect((await finalState(two.directory)).agent).toEqual((await finalState(one.directory)).agent);
    // Crashed with 2 threads after the first iteration, resumed with 1.
    const mixedConfig = impalaConfig(join(root, 'mixed'));
    await trainThenCrash(mixedConfig, 1, 2);
    const mixed = await trainRun({ config: mixedConfig, seed: 0, mode: 'resume', kernelThreads: 1 });
    expect(mixed).toMatchObject({ status: 'complete', resumedFrom: 1 });
    expect(await metricsWithoutTime(mixed.directory)).toEqual(await metricsWithoutTime(one.directory));
  }, 240_000);
});
