import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweep, sweepConfigSchema, type ExpandedSweep } from '@prunerl/runner';
import { startRedisServer, type RedisServer } from '@prunerl/testing/node';
import { UnrecoverableError, Worker } from 'bullmq';
import { parseRedisUrl, type RedisLocation } from '../queue/redis-url';
import { redisOptions, RUN_LOG_LINES, RUN_QUEUE_NAME, RUN_QUEUE_PREFIX, RunQueue, type RunJobData } from '../queue/run-queue';
import { enqueueSweep } from './enqueue-sweep';

/**
 * Enqueuing against a real redis-server, with a BullMQ worker that finishes jobs without training
 * (seed 0 completes, seed 1 fails): what happens to finished jobs when the sweep is enqueued again.
 */
describe(enqueueSweep.name, () => {
  let dir: string;
  let redis: RedisServer;
  let location: RedisLocation;
  let queue: RunQueue;

  const sweep = (name: string, store: string): ExpandedSweep => {
    const config = sweepConfigSchema.parse({
      name,
      base: { environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'dqn', options: { minReplayHistory: 100 } }, budget: { iterations: 1, stepsPerIteration: 400 } },
      seeds: [0, 1],
    });
    return expandSweep(config, config.base, { outputDir: store });
  };

  /** Finishes every job now in the queue: seed 0 complete, seed 1 failed. */
  async function finishAll(): Promise<void> {
    const worker = new Worker<RunJobData>(
      RUN_QUEUE_NAME,
      async (job) => {
        if (job.data.seed === 1) throw new UnrecoverableError('a run that fails');
        return { status: 'complete' };
      },
      { connection: redisOptions(location), prefix: RUN_QUEUE_PREFIX },
    );
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const counts = await queue.queue.getJobCounts('waiting', 'active');
        if (counts['waiting'] === 0 && counts['active'] === 0) break;
        if (Date.now() > deadline) throw new Error('jobs not finished');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await worker.close();
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-enqueue-'));
    redis = await startRedisServer();
    location = parseRedisUrl(redis.url);
    queue = await RunQueue.open(location);
  }, 30_000);
  afterAll(async () => {
    await queue?.close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('should add nothing for runs finished in this store, and put failed ones back as fresh jobs of this version on retry', async () => {
    const store = join(dir, 'store-a');
    const expanded = sweep('retry', store);
    expect(await enqueueSweep(queue, expanded, { store, version: 'old' })).toMatchObject({ runs: 2, added: 2, present: 0 });
    await finishAll();
    expect(await enqueueSweep(queue, expanded, { store, version: 'old' })).toEqual({ runs: 2, added: 0, present: 2, failed: ['retry/run/seed-1'], retried: 0 });
    expect(await enqueueSweep(queue, expanded, { store, version: 'new', retryFailed: true })).toEqual({ runs: 2, added: 0, present: 2, failed: [], retried: 1 });
    const job = (await queue.queue.getJob('retry/run/seed-1'))!;
    expect(await job.getState()).toBe('waiting');
    expect(job.data.prunerl).toBe('new');
    expect(job.attemptsMade).toBe(0);
    expect(job.opts.keepLogs).toBe(RUN_LOG_LINES);
    expect(await queue.queue.getJobState('retry/run/seed-0')).toBe('completed');
    await queue.queue.obliterate({ force: true });
  });

  it("should enqueue again the runs whose finished jobs were bound for another store", async () => {
    const first = join(dir, 'store-1');
    const second = join(dir, 'store-2');
    expect(await enqueueSweep(queue, sweep('moved', first), { store: first, version: 'v' })).toMatchObject({ added: 2 });
    await finishAll();
    expect(await enqueueSweep(queue, sweep('moved', second), { store: second, version: 'v' })).toEqual({ runs: 2, added: 2, present: 0, failed: [], retried: 0 });
    const jobs = await Promise.all(['moved/run/seed-0', 'moved/run/seed-1'].map((id) => queue.queue.getJob(id)));
    const secondId = jobs[0]!.data.store;
    expect(jobs.map((j) => j!.data.store)).toEqual([secondId, secondId]);
    expect(await Promise.all(jobs.map((j) => j!.getState()))).toEqual(['waiting', 'waiting']);
    // The first store's id is another: the jobs were replaced, not kept.
    expect(secondId).not.toBe((JSON.parse(await readFile(join(first, '.prunerl-store.json'), 'utf8')) as { id: string }).id);
  });
});
