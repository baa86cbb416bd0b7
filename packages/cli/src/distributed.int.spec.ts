import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRedisUrl, readSweepStatus, RunQueue, type RunJobData, type RunStatusRow } from '@prunerl/distributed';
import { freeLoopbackPort, startRedisServer, type RedisServer } from '@prunerl/testing/node';
import { loadSweep } from '@prunerl/runner';
import { formatSweepStatus } from './output/sweep-status-table';
import { runCli } from './program/run-cli';
import { memoryIo } from './testing/memory-io';
import { metricsWithoutTime } from './testing/run-metrics';
import { finished, startCli, waitForStderr, type CliRun } from './testing/spawn-cli';

/**
 * Sweeps across machines, through the real `prunerl` command against a real `redis-server` (AOF
 * on): three worker processes on this machine stand for three machines sharing one store. A
 * 12-run sweep completes with every run equal to the same run trained alone, through a worker's
 * kill -9 in the middle of a run and a restart of Redis; enqueuing twice adds nothing; a worker
 * started before anything is enqueued waits and then works; bad input exits 2 with nothing
 * enqueued; a run that fails for its own reason fails once.
 */
describe('prunerl sweep --queue / prunerl worker', () => {
  let dir: string;
  let redis: RedisServer;
  const base = [
    'environment: { id: MinAtar/Breakout-v1, options: { stickyActionProb: 0.5 } }',
    'agent: { name: dqn, options: { minReplayHistory: 100, batchSize: 8, targetUpdatePeriod: 100 } }',
    'network: { options: { denseUnits: 16 } }',
    'replay: { capacity: 3000 }',
    'budget: { iterations: 4, stepsPerIteration: 400 }',
  ];
  const gmp = '{ name: gmp, options: { sparsity: 0.9, updateFrequency: 20 } }';
  const seeds = [0, 1, 2, 3, 4, 5];
  // Short locks, so a dead worker's run is taken back within seconds (production: 30 s).
  const workerTimings = ['--lock-duration', '4000', '--stalled-interval', '1500', '--lease-stale', '4000'];
  const workers: ChildProcess[] = [];

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  function startWorker(url: string, store: string, name: string, extra: string[] = []): { child: ChildProcess; done: Promise<CliRun> } {
    const child = startCli(['worker', '--queue', url, '--store', store, '--name', name, ...workerTimings, ...extra], { cwd: dir });
    workers.push(child);
    return { child, done: finished(child) };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-distributed-'));
    redis = await startRedisServer();
    await writeFile(
      join(dir, 'sweep.yaml'),
      ['name: tiny-dist', 'base:', ...base.map((line) => `  ${line}`), 'grid:', `  pruner: [none, ${gmp}]`, `seeds: [${seeds.join(', ')}]`, ''].join('\n'),
    );
  }, 30_000);
  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('bad input: exit 2, nothing enqueued', () => {
    let url: string;
    let queue: RunQueue;
    beforeAll(async () => {
      url = `${redis.url}/1`;
      queue = await RunQueue.open(parseRedisUrl(url));
    });
    afterAll(async () => {
      await queue.close();
    });
    const enqueued = async (): Promise<number> => Object.values(await queue.queue.getJobCounts()).reduce((a, b) => a + b, 0);

    it.each([
      ['a malformed URL', ['--queue', 'redis//127.0.0.1:6379', '--store', 'store'], /--queue: expected a Redis URL redis:\/\/host\[:port\]\[\/db\].*got "redis\/\/127\.0\.0\.1:6379"/],
      ['a database that is not a number', ['--queue', 'redis://127.0.0.1:6379/x', '--store', 'store'], /the path is a database number, got "\/x"/],
      ['an unreachable server', ['--queue', 'redis://127.0.0.1:PORT', '--store', 'store'], /--queue: expected a reachable Redis server \(connect ECONNREFUSED 127\.0\.0\.1:\d+\), got "redis:\/\/127\.0\.0\.1:\d+"/],
      ['a store that is not writable', ['--queue', 'URL', '--store', 'sweep.yaml/store'], /--store: expected a directory this process can write \(.*\), got "sweep\.yaml\/store"/],
      ['no store', ['--queue', 'URL'], /--store: expected the directory every worker reaches/],
      ['--workers', ['--queue', 'URL', '--store', 'store', '--workers', '2'], /--workers: expected no --workers \(start `prunerl worker --concurrency N`/],
      ['--kernel-threads', ['--queue', 'URL', '--store', 'store', '--kernel-threads', '2'], /--kernel-threads: expected no --kernel-threads \(queued runs train with one kernel thread/],
    ])('should refuse %s', async (_label, args, message) => {
      const port = await freeLoopbackPort();
      const io = memoryIo(dir);
      const argv = ['sweep', 'sweep.yaml', ...args.map((a) => a.replace('PORT', String(port)).replace(/^URL$/, url))];
      expect(await runCli(argv, io)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(await enqueued()).toBe(0);
      expect(existsSync(join(dir, 'store'))).toBe(false);
    });

    it('should refuse a sweep file with errors, with the sweep messages', async () => {
      await writeFile(join(dir, 'bad-sweep.yaml'), ['name: bad', 'base:', ...base.map((line) => `  ${line}`), 'grid: { network.width: [1, "two"] }', ''].join('\n'));
      const io = memoryIo(dir);
      expect(await runCli(['sweep', 'bad-sweep.yaml', '--queue', url, '--store', 'store'], io)).toBe(2);
      expect(io.err()).toMatch(/network\.width: expected .*got "two"/);
      expect(await enqueued()).toBe(0);
    });

    it('should refuse to mix versions: an enqueuer and a worker of another version than the queue\'s runs', async () => {
      await queue.claim({ version: '0.0.1', store: 'elsewhere' });
      await queue.queue.add('old', { prunerl: '0.0.1' } as RunJobData, { jobId: 'old/run/seed-0' });
      const io = memoryIo(dir);
      expect(await runCli(['sweep', 'sweep.yaml', '--queue', url, '--store', 'store'], io)).toBe(2);
      expect(io.err()).toMatch(/it holds 1 queued or active runs enqueued by prunerl 0\.0\.1; this is prunerl 0\.1\.0/);
      expect(await enqueued()).toBe(1);
      const workerIo = memoryIo(dir);
      expect(await runCli(['worker', '--queue', url, '--store', 'store'], workerIo)).toBe(2);
      expect(workerIo.err()).toMatch(/--queue: expected runs of prunerl 0\.1\.0 \(this worker's version\); the queue holds runs enqueued by prunerl 0\.0\.1/);
      expect(await queue.queue.getJobState('old/run/seed-0')).toBe('waiting');
      await queue.queue.obliterate({ force: true });
    });
  });

  describe('a 12-run sweep on 3 workers', () => {
    let store: string;
    let queue: RunQueue;
    let alone: Map<string, string[]>;
    const running: Array<{ child: ChildProcess; done: Promise<CliRun> }> = [];
    beforeAll(async () => {
      store = join(dir, 'store');
      queue = await RunQueue.open(parseRedisUrl(redis.url));
      // The same runs trained alone with `prunerl train`, for comparison.
      alone = new Map();
      for (const [label, pruner] of [['pruner-none', 'none'], ['pruner-gmp', gmp]] as const) {
        const config = join(dir, `${label}.yaml`);
        await writeFile(config, [`name: ${label}`, ...base, `pruner: ${pruner}`, ''].join('\n'));
        expect(await runCli(['train', config, '--seed', seeds.join(','), '-o', join(dir, 'alone'), '--quiet'], memoryIo(dir))).toBe(0);
        for (const seed of seeds) alone.set(`${label}/seed-${seed}`, await metricsWithoutTime(join(dir, 'alone', label, `seed-${seed}`)));
      }
    }, 240_000);
    afterAll(async () => {
      await queue?.close();
    });

    it('should train every run exactly once in effect through a kill -9 of a worker and a restart of Redis, and write the report once', async () => {
      // A worker started before anything is enqueued waits.
      const a = startWorker(redis.url, store, 'worker-a');
      await waitForStderr(a.child, /worker worker-a: taking runs from/);

      const first = memoryIo(dir);
      expect(await runCli(['sweep', 'sweep.yaml', '--queue', redis.url, '--store', 'store', '--json'], first)).toBe(0);
      expect(JSON.parse(first.out().trim())).toMatchObject({ event: 'result', sweep: 'tiny-dist', runs: 12, added: 12, present: 0 });
      const second = memoryIo(dir);
      expect(await runCli(['sweep', 'sweep.yaml', '--queue', redis.url, '--store', 'store'], second)).toBe(0);
      expect(second.out()).toMatch(/^tiny-dist: enqueued 0 of 12 runs on redis:\/\/127\.0\.0\.1:\d+ \(12 already in the queue\)/);

      const follower = memoryIo(dir);
      const following = runCli(['sweep', 'sweep.yaml', '--queue', redis.url, '--store', 'store', '--wait'], follower);
      const b = startWorker(redis.url, store, 'worker-b');
      const c = startWorker(redis.url, store, 'worker-c');

      // kill -9 worker-a in the middle of a run: after its first checkpoint, before its end.
      const victim = await until('worker-a in the middle of a run', async () => {
        const rows = await readSweepStatus(queue, { sweep: 'tiny-dist' });
        return rows.find((row) => row.state === 'active' && row.worker === 'worker-a' && row.progress !== undefined && row.progress.completedIterations >= 1 && row.progress.completedIterations < 3);
      });
      a.child.kill('SIGKILL');
      expect((await a.done).signal).toBe('SIGKILL');

      // Restart Redis while runs are active and others still queued.
      let snapshot: RunStatusRow[] = [];
      const ids = (await loadSweep(join(dir, 'sweep.yaml'))).runs.map((run) => `tiny-dist/${run.id}`);
      await until('complete, active and queued runs', async () => {
        snapshot = await readSweepStatus(queue, { ids });
        const count = (state: string): number => snapshot.filter((row) => row.state === state).length;
        return count('complete') >= 2 && snapshot.filter((row) => row.state === 'active' && (row.progress?.totalSteps ?? 0) > 0).length >= 2 && count('queued') >= 2 ? true : undefined;
      });
      const recorded = formatSweepStatus(snapshot);
      if (process.env.PRUNERL_RECORD_STATUS) await writeFile(process.env.PRUNERL_RECORD_STATUS, `${recorded.join('\n')}\n`);
      await redis.restart({ downMs: 1_000 });

      expect(await following).toBe(0);
      const reports = follower.out().match(/^report: .*$/gm) ?? [];
      expect(reports).toEqual([`report: ${join(store, 'tiny-dist', 'report.html')} (12 runs)`]);
      expect(existsSync(join(store, 'tiny-dist', 'report.html'))).toBe(true);
      const summary = JSON.parse(await readFile(join(store, 'tiny-dist', 'sweep.json'), 'utf8')) as { runs: { status: string }[] };
      expect(summary.runs.map((run) => run.status)).toEqual(Array(12).fill('complete'));

      // Every run equals the run trained alone, was never started over, and is in the queue once.
      const rows = await readSweepStatus(queue);
      expect(rows).toHaveLength(12);
      for (const row of rows) {
        expect(row.state).toBe('complete');
        const run = row.id.replace(/^tiny-dist\//, '').replace(/-[0-9a-f]{6}\//, '/').replace('pruner-gmp-0.9', 'pruner-gmp');
        expect(await metricsWithoutTime(join(store, row.id))).toEqual(alone.get(run));
        const logs = (await queue.queue.getJobLogs(row.id)).logs.join('\n');
        expect(logs).not.toMatch(/starting the run over/);
      }
      const killed = rows.find((row) => row.id === victim.id)!;
      expect(killed.worker).not.toBe('worker-a');
      expect(killed.result?.resumedFrom).toBeGreaterThanOrEqual(1);
      expect((await queue.queue.getJobLogs(victim.id)).logs.join('\n')).toMatch(/resumed from checkpoint \d+/);

      running.push(b, c);
    }, 300_000);

    it('should fail a run that fails for its own reason (a bad plugin) once, with its error, and leave the others alone', async () => {
      await writeFile(
        join(dir, 'explodes.cjs'),
        ["exports.register = ({ pruners }) => {", "  pruners.register('explodes', () => { throw new Error('explodes on purpose'); });", '};', ''].join('\n'),
      );
      await writeFile(
        join(dir, 'bad-plugin.yaml'),
        ['name: bad-plugin', 'plugins: [./explodes.cjs]', 'base:', ...base.map((line) => `  ${line}`), '  pruner: { name: explodes }', ''].join('\n'),
      );
      const io = memoryIo(dir);
      expect(await runCli(['sweep', 'bad-plugin.yaml', '--queue', redis.url, '--store', 'store', '--wait', '--no-report'], io)).toBe(1);
      expect(io.err()).toMatch(/bad-plugin\/run\/seed-0: failed: .*explodes on purpose/);
      const [row] = await readSweepStatus(queue, { sweep: 'bad-plugin' });
      expect(row).toMatchObject({ state: 'failed', attempts: 1, maxAttempts: 3 });
      expect(row!.error).toMatch(/explodes on purpose/);
      // Its parts failed to build: nothing was written.
      expect(existsSync(join(store, 'bad-plugin', 'run', 'seed-0'))).toBe(false);
    }, 120_000);

    it('should let idle workers shut down gracefully', async () => {
      for (const worker of running) worker.child.kill('SIGTERM');
      for (const worker of running) expect((await worker.done).code).toBe(0);
    }, 60_000);
  });
});
