/**
 * What the queue costs and what a second worker buys: a sweep of short MinAtar runs enqueued on a
 * throw-away redis-server (`@prunerl/testing/node`) and trained by 1, then 2, `prunerl worker`
 * processes (concurrency 1 each) on this machine, from an empty store each time. Reports
 *
 * - per-run queue overhead, ms: the time a job spends in a worker besides its training process
 *   (`finishedOn - processedOn - processMs`: lease, Redis moves, progress writes), and the gap
 *   between one job's end and the next job's start on the same worker (fetching), next to the
 *   run's process time (start-up and training) and its training time (meta.json);
 * - sweep throughput: environment steps of all runs / wall time from enqueue to the last finish,
 *   and the sum of the runs' own env steps/s.
 *
 * The 1-minute load average is printed before and after: these machines are shared, compare runs
 * only at similar load.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/distributed.ts [--runs 8] [--iterations 3] [--steps 1000] [--json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { enqueueSweep, followSweep, parseRedisUrl, prunerlVersion, RunQueue } from '@prunerl/distributed';
import { loadSweep } from '@prunerl/runner';
import { startRedisServer } from '@prunerl/testing/node';

interface Args {
  readonly runs: number;
  readonly iterations: number;
  readonly steps: number;
  readonly json: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { runs: value('runs', 8), iterations: value('iterations', 3), steps: value('steps', 1000), json: argv.includes('--json') };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One sweep trained by `workers` worker processes. */
interface CaseResult {
  readonly workers: number;
  readonly runs: number;
  readonly wallSeconds: number;
  readonly envSteps: number;
  /** All runs' env steps / wall time from enqueue to the last finish. */
  readonly sweepStepsPerSecond: number;
  /** Sum over runs of each run's own env steps / training second. */
  readonly summedRunStepsPerSecond: number;
  readonly medianTrainMs: number;
  readonly medianProcessMs: number;
  readonly medianJobOverheadMs: number;
  readonly medianFetchGapMs: number;
}

const root = resolve(import.meta.dirname, '../..');

function startWorker(url: string, store: string, name: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=@prunerl/source', join(root, 'packages/cli/src/bin.ts'), 'worker', '--queue', url, '--store', store, '--name', name, '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function runCase(args: Args, workers: number, db: number, redisUrl: string, dir: string): Promise<CaseResult> {
  const url = `${redisUrl}/${db}`;
  const store = join(dir, `store-${workers}`);
  const sweepFile = join(dir, `sweep-${workers}.yaml`);
  const seeds = Array.from({ length: args.runs }, (_, i) => i);
  await writeFile(
    sweepFile,
    [
      `name: bench-${workers}`,
      'base:',
      '  environment: { id: MinAtar/Breakout-v1 }',
      '  agent: { name: dqn, options: { minReplayHistory: 200, batchSize: 32 } }',
      '  replay: { capacity: 10000 }',
      `  budget: { iterations: ${args.iterations}, stepsPerIteration: ${args.steps} }`,
      `seeds: [${seeds.join(', ')}]`,
      '',
    ].join('\n'),
  );
  const queue = await RunQueue.open(parseRedisUrl(url));
  const children = Array.from({ length: workers }, (_, i) => startWorker(url, store, `bench-worker-${i}`));
  try {
    // Let the workers start (tsx, tfjs) before the clock starts: a sweep's workers are up before its runs come.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const expanded = await loadSweep(sweepFile, { outputDir: store });
    const started = Date.now();
    await enqueueSweep(queue, expanded, { store, version: prunerlVersion() });
    const { rows } = await followSweep(queue, expanded.runs.map((run) => `bench-${workers}/${run.id}`), { pollMs: 200 });
    const failed = rows.filter((row) => row.state !== 'complete');
    if (failed.length > 0) throw new Error(`runs did not complete: ${failed.map((row) => `${row.id} ${row.state} ${row.error ?? ''}`).join('; ')}`);
    const finished = Math.max(...rows.map((row) => row.finishedAt!));
    let envSteps = 0;
    let summed = 0;
    const trainMs: number[] = [];
    for (const row of rows) {
      const meta = JSON.parse(await readFile(join(store, row.id, 'meta.json'), 'utf8')) as { envSteps: number; envStepsPerSecond: number; trainSeconds: number };
      envSteps += meta.envSteps;
      summed += meta.envStepsPerSecond;
      trainMs.push(meta.trainSeconds * 1000);
    }
    const gaps: number[] = [];
    for (const worker of new Set(rows.map((row) => row.worker))) {
      const mine = rows.filter((row) => row.worker === worker).sort((a, b) => a.startedAt! - b.startedAt!);
      for (let i = 1; i < mine.length; i++) gaps.push(mine[i]!.startedAt! - mine[i - 1]!.finishedAt!);
    }
    const wallSeconds = (finished - started) / 1000;
    return {
      workers,
      runs: rows.length,
      wallSeconds,
      envSteps,
      sweepStepsPerSecond: envSteps / wallSeconds,
      summedRunStepsPerSecond: summed,
      medianTrainMs: median(trainMs),
      medianProcessMs: median(rows.map((row) => row.result!.processMs)),
      medianJobOverheadMs: median(rows.map((row) => row.finishedAt! - row.startedAt! - row.result!.processMs)),
      medianFetchGapMs: median(gaps),
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)))));
    await queue.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const redis = await startRedisServer();
  const dir = await mkdtemp(join(tmpdir(), 'prunerl-bench-distributed-'));
  const loadBefore = loadavg()[0]!;
  const results: CaseResult[] = [];
  try {
    for (const [i, workers] of [1, 2].entries()) results.push(await runCase(args, workers, i, redis.url, dir));
  } finally {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0]!;
  if (args.json) {
    console.log(JSON.stringify({ args, loadBefore, loadAfter, results }, null, 2));
    return;
  }
  console.log(`${args.runs} runs of DQN on MinAtar Breakout, ${args.iterations} x ${args.steps} steps; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  console.log('workers  wall s  env steps  sweep steps/s  sum of run steps/s  train ms/run  process ms/run  queue overhead ms/run  fetch gap ms');
  for (const r of results) {
    console.log(
      `${String(r.workers).padStart(7)}  ${r.wallSeconds.toFixed(1).padStart(6)}  ${String(r.envSteps).padStart(9)}  ${r.sweepStepsPerSecond.toFixed(0).padStart(13)}  ${r.summedRunStepsPerSecond.toFixed(0).padStart(18)}  ${r.medianTrainMs.toFixed(0).padStart(12)}  ${r.medianProcessMs.toFixed(0).padStart(14)}  ${r.medianJobOverheadMs.toFixed(1).padStart(21)}  ${r.medianFetchGapMs.toFixed(1).padStart(12)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
