import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunMetadata } from '../run/run-directory';
import { expandSweep } from './expand-sweep';
import { runSweep, SWEEP_FILE, type SweepEvent } from './run-sweep';
import { sweepConfigSchema } from './sweep-config-schema';

describe(runSweep.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-runsweep-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sweep = () =>
    sweepConfigSchema.parse({
      name: 'tiny',
      outputDir: dir,
      base: {
        environment: { id: 'MinAtar/Breakout-v1' },
        agent: { name: 'dqn', options: { minReplayHistory: 50, batchSize: 8 } },
        network: { options: { denseUnits: 8 } },
        replay: { capacity: 1000 },
        budget: { iterations: 2, stepsPerIteration: 100 },
      },
      variants: [
        { label: 'dense', set: { pruner: 'none' } },
        { label: 'gmp', set: { pruner: { name: 'gmp', options: { sparsity: 0.8, updateFrequency: 5 } } } },
        { label: 'lottery', set: { pruner: { name: 'lottery-ticket', options: { masksFrom: { variant: 'gmp' } } } } },
      ],
    });

  it('should train every run in worker processes, the lottery ticket after its pruning run, then skip them all', async () => {
    const expanded = expandSweep(sweep(), sweep().base);
    const events: SweepEvent[] = [];
    const results = await runSweep(expanded, { workers: 2, onEvent: (e) => events.push(e) });
    expect(results.map((r) => [r.id, r.status, r.error])).toEqual([
      ['dense/seed-0', 'complete', undefined],
      ['gmp/seed-0', 'complete', undefined],
      ['lottery/seed-0', 'complete', undefined],
    ]);
    const ends = events.filter((e): e is Extract<SweepEvent, { type: 'end' }> => e.type === 'end').map((e) => e.result.id);
    expect(ends.indexOf('lottery/seed-0')).toBeGreaterThan(ends.indexOf('gmp/seed-0'));
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const gmp = await readRunMetadata(results[1]!.directory);
    const lottery = await readRunMetadata(results[2]!.directory);
    expect(gmp?.finalSparsity).toBeCloseTo(0.8, 2);
    // The ticket keeps the pruning run's final mask from the start.
    expect(lottery?.finalSparsity).toBeCloseTo(gmp!.finalSparsity!, 6);
    expect(lottery?.method).toBe('lottery');
    const summary = JSON.parse(await readFile(join(expanded.directory, SWEEP_FILE), 'utf8')) as { runs: { status: string }[] };
    expect(summary.runs.map((r) => r.status)).toEqual(['complete', 'complete', 'complete']);

    const again = await runSweep(expanded, { workers: 2 });
    expect(again.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);

    // The sweep file changed since (the dense variant's batch): its complete run is not this sweep's.
    const changed = sweepConfigSchema.parse({ ...sweep(), variants: [{ label: 'dense', set: { pruner: 'none', 'agent.options.batchSize': 16 } }] });
    const [dense] = await runSweep(expandSweep(changed, changed.base), { workers: 1 });
    expect(dense).toMatchObject({ id: 'dense/seed-0', status: 'failed' });
    expect(dense!.error).toMatch(/config: expected the config the run was started with .*it differs/);
  }, 120_000);

  it('should refuse kernel threads that a run cannot use before starting any run', async () => {
    const expanded = expandSweep(sweep(), sweep().base);
    await expect(runSweep(expanded, { kernelThreads: 17 })).rejects.toThrow(/kernelThreads: expected an integer from 1 to 16, got 17/);
    const tiny = sweep();
    const onCpu = sweepConfigSchema.parse({ ...tiny, name: 'on-cpu', base: { ...(tiny.base as Record<string, unknown>), backend: 'cpu' } });
    const events: SweepEvent[] = [];
    await expect(runSweep(expandSweep(onCpu, onCpu.base), { kernelThreads: 2, onEvent: (e) => events.push(e) })).rejects.toThrow(
      /kernelThreads: expected 1 for run dense\/seed-0 \(backend "cpu": kernel threads run on wasm only\), got 2/,
    );
    expect(events).toEqual([]);
  });

  it('should train offline runs after the run that logs their dataset, in worker processes', async () => {
    const offline = sweepConfigSchema.parse({
      name: 'offline',
      outputDir: dir,
      base: {
        environment: { id: 'CartPole-v1' },
        agent: { name: 'cql', options: { batchSize: 16 } },
        network: { options: { hiddenSizes: [16] } },
        offline: { datasets: [{ path: { variant: 'behaviour' }, from: 0.5 }] },
        budget: { iterations: 2, stepsPerIteration: 40 },
        evaluation: { episodes: 1 },
      },
      variants: [
        { label: 'cql', set: {} },
        { label: 'cql-c51', set: { 'agent.name': 'cql-c51' } },
        { label: 'behaviour', set: { agent: { name: 'dqn', options: { minReplayHistory: 100 } }, offline: null, logging: { replay: true }, budget: { iterations: 1, stepsPerIteration: 400 }, evaluation: { episodes: 0 } } },
      ],
    });
    const expanded = expandSweep(offline, offline.base);
    const results = await runSweep(expanded, { workers: 2 });
    expect(results.map((r) => [r.id, r.status, r.error])).toEqual([
      ['cql/seed-0', 'complete', undefined],
      ['cql-c51/seed-0', 'complete', undefined],
      ['behaviour/seed-0', 'complete', undefined],
    ]);
    for (const result of results.slice(0, 2)) {
      const metadata = await readRunMetadata(result.directory);
      expect(metadata).toMatchObject({ status: 'complete', stepUnit: 'Gradient steps', gradientUpdates: 80 });
    }
  }, 120_000);
});
