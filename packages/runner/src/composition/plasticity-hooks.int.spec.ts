import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveExperimentConfig } from '../config/resolve-config';
import { RUN_FILES } from '../run/run-directory';
import { trainRun } from '../run/train-run';
import { buildExperiment } from './build-experiment';

// The Figure 12 baselines through a config: weight decay, ReDo and Reset as `hooks`, feature
// normalisation as a network option, next to GMP. About 100 updates: ReDo recycles after every 20th
// update on 64 replay states, Reset re-initialises the head (from a fresh network) after every 25th.
const config = (composition: 'registry' | 'container', outputDir: string) =>
  resolveExperimentConfig({
    name: `fig12-${composition}`,
    composition,
    environment: { id: 'MinAtar/SpaceInvaders-v1' },
    agent: { name: 'dqn', options: { minReplayHistory: 80, batchSize: 8 } },
    network: { options: { denseUnits: 16, featureNorm: true } },
    replay: { capacity: 1000 },
    pruner: { name: 'gmp', options: { sparsity: 0.8, updateFrequency: 10 } },
    hooks: [
      { name: 'weight-decay', options: { weightDecay: 1.0e-5 } },
      { name: 'redo', options: { tau: 0.1, recyclePeriod: 20, batchSize: 64 } },
      { name: 'reset', options: { resetPeriod: 25, reinit: 'network' } },
    ],
    budget: { iterations: 2, stepsPerIteration: 150 },
    seeds: [3],
    outputDir,
  });

describe('plasticity hooks in a run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-plasticity-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should build the hooks by name with the run\'s replay buffer and network factory, before the pruner', async () => {
    const parts = await buildExperiment(config('registry', dir), 3);
    try {
      expect(parts.hooks.map((h) => h.name)).toEqual(['weight-decay', 'redo', 'reset', 'gmp']);
      expect(parts.pruner).toBe(parts.hooks[3]);
      const online = (parts.agent as unknown as { online: { architecture: { featureNorm?: boolean } } }).online;
      expect(online.architecture.featureNorm).toBe(true);
    } finally {
      parts.dispose();
    }
  });

  it('should train with them, identically by registry names and through the container', async () => {
    const logs: string[][] = [];
    for (const composition of ['registry', 'container'] as const) {
      const result = await trainRun({ config: config(composition, dir), seed: 3 });
      expect(result.status).toBe('complete');
      const lines = (await readFile(join(result.directory, RUN_FILES.metricsJsonl), 'utf8')).trim().split('\n');
      const last = (name: string): number => JSON.parse(lines.filter((l) => l.includes(`"name":"${name}"`)).pop()!).value as number;
      const updates = last('agent/updates');
      expect(updates).toBeGreaterThan(50);
      // After update u (0-based) for u > 0 a multiple of the period.
      expect(last('agent/redo/events')).toBe(Math.floor((updates - 1) / 20));
      expect(last('agent/reset/resets')).toBe(Math.floor((updates - 1) / 25));
      // Scored on 64 states from the run's replay buffer, not the minibatch of 8.
      expect(last('agent/redo/scored_states')).toBe(64);
      expect(last('agent/redo/dormant_fraction')).toBeGreaterThanOrEqual(0);
      logs.push(lines.filter((line) => !line.includes('"name":"time/')));
    }
    expect(logs[1]).toEqual(logs[0]);
  }, 120_000);
});
