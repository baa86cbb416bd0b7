import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { expandSweep, sweepConfigSchema, type ExpandedSweep } from '@prunerl/runner';
import { startRedisServer, type RedisServer } from '@prunerl/testing/node';
import { enqueueSweep } from '../enqueue/enqueue-sweep';
import { prunerlVersion } from '../queue/prunerl-version';
import { parseRedisUrl, type RedisLocation } from '../queue/redis-url';
import { RunQueue } from '../queue/run-queue';
import { cancelSweep } from '../status/cancel-sweep';
import { readSweepStatus } from '../status/sweep-status';
import { RunWorker, type RunWorkerEvent } from './run-worker';

/**
 * A worker in this process against a real redis-server: runs train in child processes; a shutdown
 * puts a running run back in the queue with its checkpoint; a cancel stops and removes a sweep's
 * runs, and enqueuing again resumes them; a worker pointed at another store takes nothing.
 */
describe(RunWorker.name, () => {
  let dir: string;
  let store: string;
  let redis: RedisServer;
  let location: RedisLocation;
  let queue: RunQueue;

  const sweep = (name: string, seeds: number[], iterations = 4): ExpandedSweep => {
    const config = sweepConfigSchema.parse({
      name,
      base: {
        environment: { id: 'MinAtar/Breakout-v1' },
        agent: { name: 'dqn', options: { minReplayHistory: 100, batchSize: 8, targetUpdatePeriod: 100 } },
        network: { options: { denseUnits: 16 } },
        replay: { capacity: 3000 },
        budget: { iterations, stepsPerIteration: 400 },
      },
      seeds,
    });
    return expandSweep(config, config.base, { outputDir: store });
  };

  const start = (events: RunWorkerEvent[] = [], name = 'test-worker', concurrency = 1): Promise<RunWorker> =>
    RunWorker.start({ location, store, name, concurrency, lockDurationMs: 4_000, stalledIntervalMs: 1_500, onEvent: (event) => events.push(event) });

  async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-worker-'));
    store = join(dir, 'store');
    redis = await startRedisServer();
    location = parseRedisUrl(redis.url);
    queue = await RunQueue.open(location);
  }, 30_000);
  // Closed at the end even when a test fails, so jest can exit.
  const workers: RunWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    await queue?.close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('should put a running run back in the queue on shutdown, and the next worker resume it from its checkpoint', async () => {
    expect(await enqueueSweep(queue, sweep('shutdown', [0]), { store, version: prunerlVersion() })).toMatchObject({ runs: 1, added: 1 });
    const events: RunWorkerEvent[] = [];
    const first = await start(events);
    workers.push(first);
    await until('an iteration done', () => events.some((e) => e.type === 'progress' && e.progress.completedIterations >= 1));
    await first.close();
    expect(await first.closed).toEqual({ reason: 'closed' });
    const [queued] = await readSweepStatus(queue, { sweep: 'shutdown' });
    expect(queued).toMatchObject({ state: 'queued', attempts: 0 });
    const meta = JSON.parse(await readFile(join(store, 'shutdown', 'run', 'seed-0', 'meta.json'), 'utf8')) as { status: string };
    expect(meta.status).toBe('interrupted');

    const second = await start([], 'second-worker');
    workers.push(second);
    await until('the run complete', async () => (await queue.queue.getJobState('shutdown/run/seed-0')) === 'completed');
    const [done] = await readSweepStatus(queue, { sweep: 'shutdown' });
    expect(done).toMatchObject({ state: 'complete', worker: 'second-worker', attempts: 1 });
    expect(done!.result?.resumedFrom).toBeGreaterThanOrEqual(1);
    await second.close();
  }, 120_000);

  it('should stop and remove a cancelled sweep\'s runs, keep their directories, and resume them when enqueued again', async () => {
    // Runs far longer than the test waits: cancelled early, then resumed and stopped again.
    const expanded = sweep('cancelled', [0, 1], 40);
    await enqueueSweep(queue, expanded, { store, version: prunerlVersion() });
    const events: RunWorkerEvent[] = [];
    const worker = await start(events, 'test-worker', 2);
    workers.push(worker);
    const ids = ['cancelled/run/seed-0', 'cancelled/run/seed-1'];
    await until('both runs an iteration done', () => ids.every((id) => events.some((e) => e.type === 'progress' && e.id === id && e.progress.completedIterations >= 1)));
    const result = await cancelSweep(queue, 'cancelled');
    expect(result).toEqual({ sweeps: ['cancelled'], removed: 2, stillActive: [] });
    expect(await readSweepStatus(queue, { sweep: 'cancelled' })).toEqual([]);
    for (const seed of [0, 1]) {
      const meta = JSON.parse(await readFile(join(store, 'cancelled', 'run', `seed-${seed}`, 'meta.json'), 'utf8')) as { status: string };
      expect(meta.status).toBe('interrupted');
    }

    expect(await enqueueSweep(queue, expanded, { store, version: prunerlVersion() })).toMatchObject({ added: 2 });
    await until('both runs resumed', async () => {
      const logs = await Promise.all(ids.map((id) => queue.queue.getJobLogs(id)));
      return logs.every(({ logs: lines }) => lines.some((line) => /resumed from checkpoint \d+/.test(line)));
    });
    await worker.close();
    expect((await readSweepStatus(queue, { sweep: 'cancelled' })).map((row) => row.state)).toEqual(['queued', 'queued']);
  }, 120_000);

  it('should kill a run whose lease it loses, so that no checkpoint of it lands in a directory another worker may hold', async () => {
    // The earlier tests leave runs queued: this worker must take only this one.
    await queue.queue.obliterate({ force: true });
    await enqueueSweep(queue, sweep('lost', [0], 40), { store, version: prunerlVersion() });
    const events: RunWorkerEvent[] = [];
    const worker = await RunWorker.start({ location, store, name: 'losing-worker', lockDurationMs: 4_000, leaseStaleMs: 2_000, stalledIntervalMs: 1_500, onEvent: (event) => events.push(event) });
    workers.push(worker);
    await until('an iteration done', () => events.some((e) => e.type === 'progress' && e.id === 'lost/run/seed-0' && e.progress.completedIterations >= 1));
    const meta = async (): Promise<{ status: string }> => JSON.parse(await readFile(join(store, 'lost', 'run', 'seed-0', 'meta.json'), 'utf8')) as { status: string };
    expect((await meta()).status).toBe('running');
    // Another worker's takeover, as the holder sees it: the lock directory is gone at its next refresh.
    await rm(join(store, 'lost', 'run', '.seed-0.lock'), { recursive: true });
    await until('the lease lost', async () => (await queue.queue.getJobLogs('lost/run/seed-0')).logs.some((line) => /lost the lease of lost\/run\/seed-0 .*killing the run/.test(line)));
    await until('the run stopped', () => worker.running.length === 0);
    // Killed: it wrote neither a final checkpoint nor an interrupted meta.json.
    expect((await meta()).status).toBe('running');
    await worker.close();
    await cancelSweep(queue, 'lost');
  }, 120_000);

  it('should take nothing when its store is not the queue\'s (a shared file system that is not mounted)', async () => {
    const start = RunWorker.start({ location, store: join(dir, 'empty-local-dir') });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/--store: expected the store the queue's runs go to \(id [0-9a-f-]+ in its \.prunerl-store\.json\); this directory has no \.prunerl-store\.json/);
  });
});
