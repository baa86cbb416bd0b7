import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { resolveExperimentConfig } from '../config/resolve-config';
import { RUN_FILES } from '../run/run-directory';
import { trainRun } from '../run/train-run';
import { buildExperiment } from './build-experiment';

const config = (composition: 'registry' | 'container', outputDir: string, extra: Record<string, unknown> = {}) =>
  resolveExperimentConfig({
    name: composition,
    composition,
    environment: { id: 'MinAtar/SpaceInvaders-v1' },
    agent: { name: 'rainbow', options: { minReplayHistory: 80, batchSize: 8 } },
    network: { options: { denseUnits: 16 } },
    replay: { capacity: 1000 },
    pruner: { name: 'gmp', options: { sparsity: 0.8, updateFrequency: 10 } },
    budget: { iterations: 2, stepsPerIteration: 150 },
    seeds: [7],
    outputDir,
    ...extra,
  });

describe(buildExperiment.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-build-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should train the same run by registry names and through the inversify container', async () => {
    const logs: string[][] = [];
    for (const composition of ['registry', 'container'] as const) {
      const result = await trainRun({ config: config(composition, dir), seed: 7 });
      expect(result.status).toBe('complete');
      const text = await readFile(join(result.directory, RUN_FILES.metricsJsonl), 'utf8');
      logs.push(text.trim().split('\n').filter((line) => !line.includes('"name":"time/')));
    }
    expect(logs[0]!.length).toBeGreaterThan(20);
    expect(logs[1]).toEqual(logs[0]);
  }, 120_000);

  it.each(['registry', 'container'] as const)('should name the config field of an unknown registry name (%s)', async (composition) => {
    for (const [path, value, field] of [
      ['environment', { id: 'MinAtar/Pong-v1' }, 'environment.id'],
      ['pruner', { name: 'gmpp', options: {} }, 'pruner.name'],
      ['replay', { name: 'fancy' }, 'replay.name'],
      ['optimiser', { name: 'sgdd' }, 'optimiser.name'],
      ['network', { torso: 'transformer' }, 'network.torso'],
      ['hooks', [{ name: 'redoo' }], 'hooks[0].name'],
    ] as const) {
      const error = await buildExperiment(config(composition, dir, { [path]: value }), 0).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe(field);
    }
  });

  it('should name the section of an option a factory refuses', async () => {
    await expect(buildExperiment(config('registry', dir, { pruner: { name: 'gmp', options: { sparsity: 0.9, startFraction: 2 } } }), 0)).rejects.toThrow(
      /^pruner\.options > .*startFraction/,
    );
    await expect(buildExperiment(config('registry', dir, { agent: { name: 'dqn', options: { minReplayHistory: 10, batchSize: 0 } } }), 0)).rejects.toThrow(
      /^agent\.options > .*batchSize/,
    );
    // Refused when the config is resolved, before anything is built.
    expect(() => config('registry', dir, { agent: { name: 'dqn' } })).toThrow(/^budget: expected more environment steps than agent\.options\.minReplayHistory \(1000\)/);
  });
});
