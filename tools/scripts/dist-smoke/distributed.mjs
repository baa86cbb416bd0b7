// The built @prunerl/distributed, in both formats: parses a queue URL and reads its own version
// (a self-reference that only the bundle can get wrong); then, with the ESM build against a real
// redis-server (the built @prunerl/testing/node), enqueues a one-run sweep and has a worker train it
// in the built runner's worker process.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/distributed');
const cjs = require('@prunerl/distributed');
for (const [format, distributed] of [['esm', esm], ['cjs', cjs]]) {
  const version = distributed.prunerlVersion();
  const location = distributed.parseRedisUrl('redis://127.0.0.1:6380/2');
  if (version !== require('@prunerl/distributed/package.json').version || location.port !== 6380 || location.db !== 2) {
    throw new Error(`${format}: version ${version}, location ${JSON.stringify(location)}`);
  }
}

const { startRedisServer } = await import('@prunerl/testing/node');
const { expandSweep, sweepConfigSchema } = await import('@prunerl/runner');
const redis = await startRedisServer();
const dir = await mkdtemp(join(tmpdir(), 'prunerl-dist-smoke-'));
try {
  const store = join(dir, 'store');
  const location = esm.parseRedisUrl(redis.url);
  const queue = await esm.RunQueue.open(location);
  const sweep = sweepConfigSchema.parse({
    name: 'smoke',
    base: {
      environment: { id: 'MinAtar/Breakout-v1' },
      agent: { name: 'dqn', options: { minReplayHistory: 50, batchSize: 8 } },
      network: { options: { denseUnits: 8 } },
      replay: { capacity: 500 },
      budget: { iterations: 1, stepsPerIteration: 150 },
    },
  });
  const expanded = expandSweep(sweep, sweep.base, { outputDir: store });
  await esm.enqueueSweep(queue, expanded, { store, version: esm.prunerlVersion() });
  const worker = await esm.RunWorker.start({ location, store });
  const { rows, settled } = await esm.followSweep(queue, ['smoke/run/seed-0'], { pollMs: 200 });
  await worker.close();
  await queue.close();
  if (!settled || rows[0].state !== 'complete') throw new Error(`the run did not complete: ${JSON.stringify(rows[0])}`);
} finally {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
