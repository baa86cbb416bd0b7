import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunDirectory } from '@prunerl/evaluation/node';
import { StateError } from '@prunerl/core';
import { CheckpointStore } from '../checkpoint/checkpoint-store';
import { resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { RUN_FILES } from './run-directory';
import { finalState, metricsWithoutTime, trainThenCrash } from './run-files.fixture';
import { trainRun } from './train-run';

/** A run small enough for CI: 4 iterations of 300 steps, GMP to 90% within them, evaluation on. */
function tinyConfig(outputDir: string, overrides: Record<string, unknown> = {}): ResolvedExperimentConfig {
  return resolveExperimentConfig({
    name: 'tiny',
    // Sticky actions at 0.5 so a lost `lastAction` (MinAtar keeps it across resets) would show.
    environment: { id: 'MinAtar/Breakout-v1', options: { stickyActionProb: 0.5 } },
    agent: { name: 'dqn', options: { minReplayHistory: 100, batchSize: 8, targetUpdatePeriod: 100, epsilonDecayPeriod: 500 } },
    network: { options: { denseUnits: 16 } },
    replay: { capacity: 2000 },
    pruner: { name: 'gmp', options: { sparsity: 0.9, updateFrequency: 20 } },
    budget: { iterations: 4, stepsPerIteration: 300 },
    evaluation: { episodes: 1 },
    logging: { diagnosticsEvery: 2, diagnosticsBatch: 32 },
    outputDir,
    ...overrides,
  });
}

async function csvWithoutTime(directory: string): Promise<string> {
  const lines = (await readFile(join(directory, RUN_FILES.metricsCsv), 'utf8')).trim().split('\n');
  return lines.filter((line) => !line.includes(',time/')).join('\n');
}

describe(trainRun.name, () => {
  let root: string;
  let straight: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'prunerl-run-'));
    const result = await trainRun({ config: tinyConfig(join(root, 'straight')), seed: 0 });
    straight = result.directory;
    expect(result.status).toBe('complete');
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('should write run metadata, config, logs and the last two checkpoints', async () => {
    const metadata = JSON.parse(await readFile(join(straight, RUN_FILES.metadata), 'utf8')) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      status: 'complete',
      iterationsCompleted: 4,
      method: 'DQN gmp 90% w=1',
      task: 'MinAtar/Breakout-v1',
      seed: 0,
      factors: { agent: 'dqn', torso: 'minatar-cnn', width: 1, sparsity: 0.9, pruner: 'gmp', replayRatio: 0.25 },
      stepUnit: 'Environment steps',
    });
    expect(metadata.finalSparsity as number).toBeCloseTo(0.9, 3);
    expect(await new CheckpointStore(join(straight, RUN_FILES.checkpoints)).sequences()).toEqual([4, 3]);
    const names = (await metricsWithoutTime(straight)).map((line) => (JSON.parse(line) as { name: string }).name);
    expect(names.filter((n) => n === 'return')).toHaveLength(4);
    expect(names.filter((n) => n === 'eval/return')).toHaveLength(4);
  });

  it('should write a run directory that @prunerl/evaluation reads', () => {
    const run = readRunDirectory(straight);
    expect(run.meta).toMatchObject({ method: 'DQN gmp 90% w=1', task: 'MinAtar/Breakout-v1', seed: 0 });
    expect(run.config).toMatchObject({ name: 'tiny', seeds: [0] });
    expect(run.metrics.filter((m) => m.name === 'return')).toHaveLength(4);
    expect(run.metrics.filter((m) => m.name === 'sparsity').map((m) => m.value)).toHaveLength(4);
    // Diagnostics every 2 iterations, on a replay batch.
    expect(run.metrics.filter((m) => m.name === 'diagnostics/srank').map((m) => m.step)).toHaveLength(2);
    expect(run.metrics.some((m) => m.name === 'diagnostics/dormant_fraction/tau=0.1')).toBe(true);
  });

  describe('.resume', () => {
    it('should continue a run killed after 2 iterations exactly as 4 iterations straight (logs, weights, masks, replay)', async () => {
      const config = tinyConfig(join(root, 'killed'));
      await trainThenCrash(config, 2);
      const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
      expect(resumed).toMatchObject({ status: 'complete', resumedFrom: 2 });
      expect(await metricsWithoutTime(resumed.directory)).toEqual(await metricsWithoutTime(straight));
      expect(await csvWithoutTime(resumed.directory)).toEqual(await csvWithoutTime(straight));
      const [a, b] = await Promise.all([finalState(straight), finalState(resumed.directory)]);
      expect(b.agent).toEqual(a.agent);
      expect(Buffer.from(b.replay).equals(Buffer.from(a.replay))).toBe(true);
      expect(b.runner).toEqual(a.runner);
    }, 120_000);

    it('should continue from a stop in the middle of an episode (Ctrl-C) exactly as straight', async () => {
      const config = tinyConfig(join(root, 'stopped'));
      let polls = 0;
      const first = await trainRun({ config, seed: 0, shouldStop: () => ++polls === 517 });
      expect(first.status).toBe('interrupted');
      const runner = (await finalState(first.directory)).runner as { env: { episode?: { actions: number[] } }; totalSteps: number };
      expect(runner.totalSteps).toBeGreaterThan(300);
      expect(runner.totalSteps).toBeLessThan(600);
      expect(runner.env.episode?.actions.length).toBeGreaterThan(0);
      const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
      expect(resumed.status).toBe('complete');
      expect(await metricsWithoutTime(resumed.directory)).toEqual(await metricsWithoutTime(straight));
      expect((await finalState(resumed.directory)).agent).toEqual((await finalState(straight)).agent);
    }, 120_000);

    it('should fall back to the previous checkpoint when the newest is corrupt', async () => {
      const config = tinyConfig(join(root, 'corrupt'));
      await trainThenCrash(config, 3);
      const store = new CheckpointStore(join(config.outputDir, 'tiny', 'seed-0', RUN_FILES.checkpoints));
      const agentFile = join(store.pathOf(3), 'agent.bin');
      const bytes = await readFile(agentFile);
      bytes[bytes.length - 1] ^= 0xff;
      await (await import('node:fs/promises')).writeFile(agentFile, bytes);
      const messages: string[] = [];
      const resumed = await trainRun({ config, seed: 0, mode: 'resume', log: (m) => messages.push(m) });
      expect(resumed).toMatchObject({ status: 'complete', resumedFrom: 2 });
      expect(resumed.rejected.map((r) => r.sequence)).toEqual([3]);
      expect(messages.join('\n')).toMatch(/checkpoint 3 is unusable \(agent\.bin does not match its SHA-256 checksum\)/);
      expect(await metricsWithoutTime(resumed.directory)).toEqual(await metricsWithoutTime(straight));
    }, 120_000);

    it('should refuse to resume when every checkpoint is damaged, naming them, and start over once the directory is gone', async () => {
      const config = tinyConfig(join(root, 'all-corrupt'));
      await trainThenCrash(config, 3);
      const store = new CheckpointStore(join(config.outputDir, 'tiny', 'seed-0', RUN_FILES.checkpoints));
      const fs = await import('node:fs/promises');
      for (const sequence of await store.sequences()) {
        const agentFile = join(store.pathOf(sequence), 'agent.bin');
        const bytes = await readFile(agentFile);
        bytes[0] ^= 0xff;
        await fs.writeFile(agentFile, bytes);
      }
      const resume = trainRun({ config, seed: 0, mode: 'resume' });
      await expect(resume).rejects.toThrow(StateError);
      await expect(resume).rejects.toThrow(/checkpoints of .*seed-0: expected at least one usable checkpoint to resume from, got "3: agent\.bin does not match its SHA-256 checksum; 2: .*"/);
      // Nothing was removed: the damaged checkpoints and the metrics are still there.
      expect(await store.sequences()).toEqual([3, 2]);
      await fs.rm(join(config.outputDir, 'tiny', 'seed-0'), { recursive: true });
      expect(await trainRun({ config, seed: 0, mode: 'auto' })).toMatchObject({ status: 'complete' });
      expect(await metricsWithoutTime(join(config.outputDir, 'tiny', 'seed-0'))).toEqual(await metricsWithoutTime(straight));
    }, 120_000);
  });

  describe('.errors', () => {
    it('should refuse to start over an existing run', async () => {
      await expect(trainRun({ config: tinyConfig(join(root, 'straight')), seed: 0 })).rejects.toThrow(/outputDir: expected a directory without a run \(it holds a complete run\)/);
    });

    it('should skip a complete run in auto mode', async () => {
      expect((await trainRun({ config: tinyConfig(join(root, 'straight')), seed: 0, mode: 'auto' })).status).toBe('skipped');
    });

    it('should stop a diverged run (NaN loss) with a TrainingError, recorded as failed in meta.json', async () => {
      const config = tinyConfig(join(root, 'diverged'), { optimiser: { name: 'adam', options: { learningRate: 1e30 } }, pruner: 'none', evaluation: { episodes: 0 }, logging: {} });
      await expect(trainRun({ config, seed: 0 })).rejects.toThrow(/^train\/loss: expected a finite mean loss, got NaN\. The run diverged in iteration 1 \(by step \d+\)/);
      const meta = JSON.parse(await readFile(join(root, 'diverged', 'tiny', 'seed-0', RUN_FILES.metadata), 'utf8')) as { status: string; error: string };
      expect(meta).toMatchObject({ status: 'failed', error: expect.stringMatching(/train\/loss: expected a finite mean loss/) });
    }, 60_000);
  });
});
