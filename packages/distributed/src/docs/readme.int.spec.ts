// The example of packages/distributed/README.md, run as a test against a real redis-server (the page
// must show this code verbatim).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type RedisServer } from '@prunerl/testing/node';

describe('packages/distributed/README.md', () => {
  let dir: string;
  let redis: RedisServer;
  let logged: unknown[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-distributed-readme-'));
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should run the example', async () => {
    const redisUrl = redis.url;
    const store = join(dir, 'store');
    const sweepFile = join(dir, 'sweep.yaml');
    await writeFile(
      sweepFile,
      [
        'name: readme',
        'base:',
        '  environment: { id: MinAtar/Breakout-v1 }',
        '  agent: { name: dqn, options: { minReplayHistory: 100, batchSize: 8 } }',
        '  network: { options: { denseUnits: 16 } }',
        '  replay: { capacity: 1000 }',
        '  budget: { iterations: 2, stepsPerIteration: 200 }',
        'seeds: [0, 1]',
        '',
      ].join('\n'),
    );
    // ---- readme: example ----
    const { enqueueSweep, followSweep, parseRedisUrl, prunerlVersion, RunQueue, RunWorker } = await import('@prunerl/distributed');
    const { loadSweep } = await import('@prunerl/runner');

    const location = parseRedisUrl(redisUrl); // e.g. 'redis://127.0.0.1:6379/0'
    const queue = await RunQueue.open(location); // fails at once, naming the URL, when Redis does not answer
    const sweep = await loadSweep(sweepFile, { outputDir: store });
    const { added } = await enqueueSweep(queue, sweep, { store, version: prunerlVersion() });
    console.log(`enqueued ${added} runs`); // enqueued 2 runs

    // Usually on other machines: `prunerl worker`. Two runs at a time, each in its own process.
    const worker = await RunWorker.start({ location, store, concurrency: 2 });
    const ids = sweep.runs.map((run) => `${sweep.sweep.name}/${run.id}`); // job ids: run directories in the store
    const { rows } = await followSweep(queue, ids);
    console.log(rows.map((row) => `${row.id} ${row.state}`)); // [ 'readme/run/seed-0 complete', 'readme/run/seed-1 complete' ]
    await worker.close();
    await queue.close();
    // ---- end of example ----
    expect(logged).toEqual([['enqueued 2 runs'], [['readme/run/seed-0 complete', 'readme/run/seed-1 complete']]]);
  }, 120_000);

  it('should show the example verbatim', () => {
    const page = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const source = readFileSync(__filename, 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(page)![1]!;
    const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
    const body = source
      .slice(source.indexOf('// ---- readme: example ----') + '// ---- readme: example ----'.length, source.indexOf('// ---- end of example ----'))
      // The page imports statically what the test imports dynamically.
      .replace(/const \{ ([^}]+) \} = await import\('([^']+)'\);/g, 'import { $1 } from \'$2\';');
    expect(flat(block)).toContain(flat(body));
  });
});
