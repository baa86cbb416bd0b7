import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DatasetError } from '@prunerl/core';
import { datasetStats, datasetTransitions } from '@prunerl/replay';
import { DatasetWriter, readDataset, readDatasetManifest } from '@prunerl/replay/node';
import { resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { RUN_FILES } from './run-directory';
import { finalState, metricsWithoutTime, trainThenCrash } from './run-files.fixture';
import { trainRun } from './train-run';

/** DQN on CartPole logging its transitions: 3 iterations of 400 steps, shards of 250 transitions. */
function behaviourConfig(outputDir: string, name = 'behaviour'): ResolvedExperimentConfig {
  return resolveExperimentConfig({
    name,
    environment: { id: 'CartPole-v1' },
    agent: { name: 'dqn', options: { minReplayHistory: 100, epsilonDecayPeriod: 600 } },
    network: { options: { hiddenSizes: [16] } },
    budget: { iterations: 3, stepsPerIteration: 400 },
    logging: { replay: true, replayShardTransitions: 250 },
    outputDir,
  });
}

/**
 * CQL from that dataset with GMP to 90% (masks every 8 updates, the last at the schedule's end,
 * update 192): 4 iterations of 60 gradient steps, 2 evaluation episodes each.
 */
function offlineConfig(outputDir: string, overrides: Record<string, unknown> = {}): ResolvedExperimentConfig {
  return resolveExperimentConfig({
    name: 'offline',
    environment: { id: 'CartPole-v1' },
    agent: { name: 'cql', options: { batchSize: 16, targetUpdatePeriod: 25 } },
    network: { options: { hiddenSizes: [16] } },
    pruner: { name: 'gmp', options: { sparsity: 0.9, updateFrequency: 8 } },
    offline: { datasets: [{ path: 'behaviour/seed-0', from: 0.25 }] },
    budget: { iterations: 4, stepsPerIteration: 60 },
    evaluation: { episodes: 2 },
    outputDir,
    ...overrides,
  });
}

/** Every transition of a dataset as plain values. */
async function transitionsOf(path: string): Promise<unknown[]> {
  return [...datasetTransitions(await readDataset(path))].map(({ transition: t }) => [Array.from(t.observation), t.action, t.reward, t.terminated, t.truncated, t.epsilon]);
}

describe('offline runs', () => {
  let root: string;
  let behaviour: string;
  let straight: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'prunerl-offline-'));
    const logged = await trainRun({ config: behaviourConfig(root), seed: 0 });
    behaviour = logged.directory;
    const offline = await trainRun({ config: offlineConfig(root), seed: 0 });
    expect(offline.status).toBe('complete');
    straight = offline.directory;
  }, 180_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('logging.replay', () => {
    it('should log every training transition in order, with the epsilon it was chosen with, as checksummed shards', async () => {
      const metadata = JSON.parse(await readFile(join(behaviour, RUN_FILES.metadata), 'utf8')) as { envSteps: number };
      const { manifest } = await readDatasetManifest(behaviour);
      expect(manifest.transitions).toBe(metadata.envSteps);
      expect(manifest.spec).toEqual({ environment: 'CartPole-v1', observationShape: [4], observationDtype: 'float32', numActions: 2 });
      expect(manifest.source).toMatchObject({ run: 'behaviour', seed: 0, agent: 'dqn' });
      // Shards of 250, and one closed at every checkpoint (the end of each iteration).
      expect(manifest.shards.every((s) => s.transitions <= 250)).toBe(true);
      const stats = datasetStats(await readDataset(behaviour));
      const episodes = (await metricsWithoutTime(behaviour)).filter((l) => l.includes('"name":"train/episode_return"')).map((l) => (JSON.parse(l) as { value: number }).value);
      expect(stats.episodeReturns).toEqual(episodes);
      const epsilons = [...datasetTransitions(await readDataset(behaviour))].map((t) => t.transition.epsilon);
      // Dopamine's linear schedule: 1 during the 100-step warm-up, then down to 0.01 over 600 steps.
      expect(epsilons.slice(0, 101).every((e) => e === 1)).toBe(true);
      expect(epsilons[400]).toBeCloseTo(1 - (0.99 * 300) / 600, 5);
      expect(epsilons[epsilons.length - 1]).toBeCloseTo(0.01, 5);
    });

    it('should log the same transitions after a crash and a resume as straight through', async () => {
      const config = behaviourConfig(join(root, 'crashed'));
      await trainThenCrash(config, 2);
      const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
      expect(resumed.status).toBe('complete');
      expect(await transitionsOf(resumed.directory)).toEqual(await transitionsOf(behaviour));
      const names = async (directory: string) => (await readdir(join(directory, RUN_FILES.dataset))).sort();
      expect(await names(resumed.directory)).toEqual(await names(behaviour));
    }, 120_000);
  });

  describe('offline training', () => {
    it('should make iterations of gradient steps scored by evaluation episodes, with the pruning schedule over the gradient steps', async () => {
      const metadata = JSON.parse(await readFile(join(straight, RUN_FILES.metadata), 'utf8')) as Record<string, unknown>;
      expect(metadata).toMatchObject({ status: 'complete', stepUnit: 'Gradient steps', envSteps: 0, gradientUpdates: 240, iterationsCompleted: 4, method: 'CQL gmp 90% + offline w=1' });
      expect(metadata.factors).toEqual({ agent: 'cql', torso: 'mlp', width: 1, pruner: 'gmp', sparsity: 0.9 });
      const records = (await metricsWithoutTime(straight)).map((l) => JSON.parse(l) as { name: string; step: number; value: number });
      // The schedule spans the 240 gradient steps: its target reaches 0.9 at update 192 (80%); the
      // tiny network's 96 kernel weights round it per layer.
      const targets = records.filter((r) => r.name === 'sparsity_target').map((r) => r.value);
      expect(targets).toHaveLength(4);
      expect(targets.every((t, i) => i === 0 || t > targets[i - 1]!)).toBe(true);
      expect(targets[3]).toBe(0.9);
      expect(Math.abs((metadata.finalSparsity as number) - 0.9)).toBeLessThan(0.02);
      const returns = records.filter((r) => r.name === 'return');
      const evals = records.filter((r) => r.name === 'eval/return');
      expect(returns.map((r) => r.step)).toEqual([60, 120, 180, 240]);
      expect(returns.map((r) => r.value)).toEqual(evals.map((r) => r.value));
      expect(metadata.finalReturn).toBe(evals[3]!.value);
      expect(records.filter((r) => r.name === 'train/updates').map((r) => r.value)).toEqual([60, 60, 60, 60]);
      expect(records.some((r) => r.name === 'train/episodes')).toBe(false);
      // The fixed replay's checkpoint names the data: a few hundred bytes.
      expect((await finalState(straight)).replay.length).toBeLessThan(1024);
    });

    it('should resume from a crash, or from a stop in the middle of an iteration, bit-identically to an uninterrupted run', async () => {
      const crashed = offlineConfig(join(root, 'offline-crashed'), { offline: { datasets: [{ path: join(behaviour), from: 0.25 }] } });
      await trainThenCrash(crashed, 2);
      const resumed = await trainRun({ config: crashed, seed: 0, mode: 'resume' });
      expect(resumed).toMatchObject({ status: 'complete', resumedFrom: 2 });
      const [a, b] = await Promise.all([finalState(straight), finalState(resumed.directory)]);
      expect(b.agent).toEqual(a.agent);
      expect(b.runner).toEqual(a.runner);
      expect(await metricsWithoutTime(resumed.directory)).toEqual(await metricsWithoutTime(straight));

      const stopped = offlineConfig(join(root, 'offline-stopped'), { offline: { datasets: [{ path: join(behaviour), from: 0.25 }] } });
      let polls = 0;
      const first = await trainRun({ config: stopped, seed: 0, shouldStop: () => ++polls === 97 });
      expect(first.status).toBe('interrupted');
      // The stop is polled after every gradient step and every evaluation step: it lands inside iteration 2's training.
      const stoppedAt = (await finalState(first.directory)).runner as { iteration: number; phase: string; totalSteps: number };
      expect(stoppedAt).toMatchObject({ iteration: 1, phase: 'train' });
      expect(stoppedAt.totalSteps).toBeGreaterThan(60);
      expect(stoppedAt.totalSteps).toBeLessThan(120);
      const continued = await trainRun({ config: stopped, seed: 0, mode: 'resume' });
      expect(continued.status).toBe('complete');
      expect((await finalState(continued.directory)).agent).toEqual(a.agent);
      expect(await metricsWithoutTime(continued.directory)).toEqual(await metricsWithoutTime(straight));
    }, 120_000);
  });

  it('should train the same through the inversify container', async () => {
    const config = offlineConfig(join(root, 'container'), { composition: 'container', offline: { datasets: [{ path: behaviour, from: 0.25 }] } });
    const result = await trainRun({ config, seed: 0 });
    expect(result.status).toBe('complete');
    expect((await finalState(result.directory)).agent).toEqual((await finalState(straight)).agent);
  }, 120_000);

  describe('bad input', () => {
    it("should refuse a dataset of another task than the environment's before creating the run", async () => {
      const other = join(root, 'other-task');
      const writer = DatasetWriter.open({ directory: other, spec: { environment: 'CartPole-v1', observationShape: [4], observationDtype: 'float32', numActions: 3 } });
      writer.append({ observation: new Float32Array(4), action: 2, reward: 1, nextObservation: new Float32Array(4), terminated: true, truncated: false }, 0);
      writer.close();
      const config = offlineConfig(join(root, 'refused'), { offline: { datasets: [{ path: other }] } });
      const error = await trainRun({ config, seed: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/^offline\.datasets\[0\]: expected a dataset of CartPole-v1's task \(observations \[4\] float32, 2 actions\), got "3 actions \(the environment's: 2\)"/);
      const acrobot = offlineConfig(join(root, 'refused'), { environment: { id: 'Acrobot-v1' }, offline: { datasets: [{ path: behaviour }] } });
      await expect(trainRun({ config: acrobot, seed: 0 })).rejects.toThrow(/logged on CartPole-v1, observations of shape \[4\] \(the environment's: \[6\]\), 2 actions \(the environment's: 3\)/);
      expect(existsSync(join(root, 'refused'))).toBe(false);
    });

    it('should report a missing, truncated or corrupt shard with its file and byte offset, before creating the run', async () => {
      const copy = join(root, 'damaged');
      const logged = await trainRun({ config: behaviourConfig(copy, 'behaviour'), seed: 0 });
      const shard = join(logged.directory, RUN_FILES.dataset, 'shard-000001.bin');
      const bytes = await readFile(shard);
      const config = offlineConfig(copy, { name: 'offline-damaged', offline: { datasets: [{ path: 'behaviour/seed-{seed}' }] } });

      await writeFile(shard, bytes.subarray(0, bytes.length - 7));
      const truncated = (await trainRun({ config, seed: 0 }).catch((e: unknown) => e)) as DatasetError;
      expect(truncated).toBeInstanceOf(DatasetError);
      expect(truncated.file).toBe(shard);
      expect(truncated.message).toMatch(/shard-000001\.bin at byte \d+: expected block 1 of 1 .*truncated/);

      const corrupt = Buffer.from(bytes);
      corrupt[200] ^= 0x40;
      await writeFile(shard, corrupt);
      const damaged = (await trainRun({ config, seed: 0 }).catch((e: unknown) => e)) as DatasetError;
      expect(damaged.message).toMatch(/shard-000001\.bin at byte \d+ \(block checksum\)/);
      expect(damaged.offset).toBeGreaterThan(0);

      await rm(shard);
      await expect(trainRun({ config, seed: 0 })).rejects.toThrow(/shard-000001\.bin at byte 0: expected shard 1 of .*manifest\.json/);
      expect(existsSync(join(copy, 'offline-damaged'))).toBe(false);
    }, 120_000);
  });
});
