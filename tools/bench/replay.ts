/**
 * Replay buffer throughput and memory: for MinAtar-sized (10x10x4 and 10x10x10 uint8) and
 * Atari-sized (84x84 uint8 frames, stacks of 4) observations, each buffer kind is filled to a full
 * 1M transitions in its own child process (so resident memory is measured alone), timing `add`,
 * then `sample` (batch 32, 3-step returns) and, for prioritized replay, `updatePriorities`, from the
 * full buffer; uniform buffers also stream their `state()` once (CRC included).
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/replay.ts            # table
 *   npx tsx --conditions=@prunerl/source tools/bench/replay.ts --json     # machine-readable
 *   ... --capacity 200000 --cases minatar4                               # smaller / selected runs
 *
 * Resident memory is `process.memoryUsage().rss` after filling minus before creating the buffer.
 * A 1M Atari buffer needs about 7.1 GB free; the case is skipped with a note when memory is short.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { freemem } from 'node:os';
import { Rng, type Transition, type TypedArray } from '@prunerl/core';
import { PrioritizedReplayBuffer, replayMemoryEstimate, UniformReplayBuffer, type ReplayBufferOptions } from '@prunerl/replay';

/** An observation layout to fill a buffer with. */
export interface ReplayCase {
  readonly name: string;
  readonly label: string;
  readonly observationShape: readonly number[];
  readonly frameStack: number;
  /** Frames per pool episode (the pool of transitions is cycled while filling). */
  readonly episodeLength: number;
  readonly episodes: number;
}

/** The observation layouts measured. */
export const REPLAY_CASES: readonly ReplayCase[] = [
  { name: 'minatar4', label: 'MinAtar 10x10x4', observationShape: [10, 10, 4], frameStack: 1, episodeLength: 500, episodes: 8 },
  { name: 'minatar10', label: 'MinAtar 10x10x10', observationShape: [10, 10, 10], frameStack: 1, episodeLength: 500, episodes: 8 },
  { name: 'atari', label: 'Atari 84x84 x4', observationShape: [84, 84, 4], frameStack: 4, episodeLength: 400, episodes: 4 },
];
/** The buffer kinds measured. */
export const KINDS = ['uniform', 'prioritized'] as const;
/** One of {@link KINDS}. */
export type ReplayKind = (typeof KINDS)[number];

/** Throughput and memory of one buffer. */
export interface ReplayResult {
  readonly observations: string;
  readonly kind: ReplayKind;
  readonly capacity: number;
  readonly bytesPerTransition: number;
  readonly estimatedBytes: number;
  readonly addPerSecond: number;
  readonly samplePerSecond: number;
  readonly updatePerSecond: number | null;
  readonly rssBytes: number;
  readonly arrayBufferBytes: number;
  readonly stateBytes: number | null;
  readonly stateSeconds: number | null;
}

/** Complete episodes whose stacks follow the buffer's rules, so the pool can be cycled. */
function transitionPool(c: ReplayCase): Transition<TypedArray>[] {
  const rng = Rng.fromSeed(1).split('pool');
  const K = c.frameStack;
  const size = c.observationShape.reduce((a, b) => a * b, 1);
  const frameSize = size / K;
  const pool: Transition<TypedArray>[] = [];
  for (let e = 0; e < c.episodes; e++) {
    const frames = Array.from({ length: c.episodeLength + 1 }, () => {
      const f = new Uint8Array(frameSize);
      for (let i = 0; i < frameSize; i++) f[i] = K === 1 ? (rng.uniform() < 0.1 ? 1 : 0) : rng.uniformInt(0, 256);
      return f;
    });
    const observations = frames.map((_, t) => {
      if (K === 1) return frames[t]!;
      const stack = new Uint8Array(size);
      for (let k = 0; k < K; k++) {
        const index = t - (K - 1 - k);
        if (index < 0) continue;
        const frame = frames[index]!;
        for (let p = 0; p < frameSize; p++) stack[p * K + k] = frame[p]!;
      }
      return stack;
    });
    for (let t = 0; t < c.episodeLength; t++) {
      const last = t === c.episodeLength - 1;
      pool.push({
        observation: observations[t]!,
        action: t % 6,
        reward: rng.uniform() < 0.05 ? 1 : 0,
        nextObservation: observations[t + 1]!,
        terminated: last && e % 2 === 0,
        truncated: last && e % 2 === 1,
      });
    }
  }
  return pool;
}

/**
 * Fills a `kind` buffer of `capacity` with the case's transitions, timing `add`, then `sample`
 * (batch 32, 3-step), `updatePriorities` (prioritized) and one `state()` stream (uniform). The CLI
 * runs each in a child process so its memory is measured alone; the suite calls it in-process.
 */
export async function runReplayCase(caseName: string, kind: ReplayKind, capacity: number): Promise<ReplayResult> {
  const c = REPLAY_CASES.find((x) => x.name === caseName)!;
  const options: ReplayBufferOptions = { capacity, observationShape: c.observationShape, observationDtype: 'uint8', frameStack: c.frameStack, nStep: 3, gamma: 0.99 };
  const pool = transitionPool(c);
  global.gc?.();
  const before = process.memoryUsage();
  const buffer = kind === 'uniform' ? new UniformReplayBuffer(options) : new PrioritizedReplayBuffer(options);
  // Fill until every slot is written (episode ends take a slot each, so slightly more than capacity adds).
  let adds = 0;
  const addStart = performance.now();
  while (buffer.stats.slots < capacity) {
    buffer.add(pool[adds % pool.length]!);
    adds++;
  }
  const addSeconds = (performance.now() - addStart) / 1000;
  const after = process.memoryUsage();

  const rng = Rng.fromSeed(0).split('replay');
  const batches = c.frameStack > 1 ? 400 : 4000;
  for (let i = 0; i < 20; i++) buffer.sample(32, rng);
  const sampleStart = performance.now();
  for (let i = 0; i < batches; i++) buffer.sample(32, rng);
  const sampleSeconds = (performance.now() - sampleStart) / 1000;

  let updatePerSecond: number | null = null;
  if (kind === 'prioritized') {
    const batch = buffer.sample(32, rng);
    const priorities = new Float32Array(32);
    const updates = 20_000;
    const updateStart = performance.now();
    for (let i = 0; i < updates; i++) {
      for (let k = 0; k < 32; k++) priorities[k] = rng.uniform();
      buffer.updatePriorities(batch.indices, priorities);
    }
    updatePerSecond = (updates * 32) / ((performance.now() - updateStart) / 1000);
  }

  let stateBytes: number | null = null;
  let stateSeconds: number | null = null;
  if (kind === 'uniform') {
    stateBytes = 0;
    const stateStart = performance.now();
    for await (const chunk of buffer.state()) stateBytes += chunk.length;
    stateSeconds = (performance.now() - stateStart) / 1000;
  }

  return {
    observations: c.label,
    kind,
    capacity,
    bytesPerTransition: buffer.bytesPerTransition,
    estimatedBytes: replayMemoryEstimate(options, kind).totalBytes,
    addPerSecond: adds / addSeconds,
    samplePerSecond: (batches * 32) / sampleSeconds,
    updatePerSecond,
    rssBytes: after.rss - before.rss,
    arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
    stateBytes,
    stateSeconds,
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const thousands = (v: number): string => Math.round(v).toLocaleString('en-US');
const gb = (v: number): string => (v / 1e9).toFixed(2);

async function main(): Promise<void> {
  const child = arg('--child');
  const capacity = Number(arg('--capacity') ?? 1_000_000);
  if (child) {
    const result = await runReplayCase(child, arg('--kind') as ReplayKind, capacity);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const json = process.argv.includes('--json');
  const selected = (arg('--cases') ?? REPLAY_CASES.map((c) => c.name).join(',')).split(',');
  const results: ReplayResult[] = [];
  const notes: string[] = [];
  for (const c of REPLAY_CASES.filter((x) => selected.includes(x.name))) {
    for (const kind of KINDS) {
      const need = replayMemoryEstimate({ capacity, observationShape: c.observationShape, observationDtype: 'uint8', frameStack: c.frameStack }, kind).totalBytes;
      if (freemem() < need * 1.3 + 1e9) {
        notes.push(`${c.label} ${kind}: skipped, ${gb(freemem())} GB free for a ${gb(need)} GB buffer`);
        continue;
      }
      const run = spawnSync(
        process.execPath,
        [...process.execArgv, '--expose-gc', process.argv[1]!, '--child', c.name, '--kind', kind, '--capacity', String(capacity)],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (run.status !== 0 || !line) {
        notes.push(`${c.label} ${kind}: child failed (${run.status}): ${run.stderr.slice(-500)}`);
        continue;
      }
      const result = JSON.parse(line.slice(7)) as ReplayResult;
      results.push(result);
      if (!json) process.stderr.write(`done: ${c.label} ${kind}\n`);
    }
  }
  if (json) {
    console.log(JSON.stringify({ results, notes }, null, 2));
    return;
  }
  console.log(`Replay buffers, capacity ${thousands(capacity)}, nStep 3, batch 32, Node ${process.version}`);
  console.log('');
  console.log('| observations | buffer | bytes/transition | add (transitions/s) | sample (transitions/s) | updatePriorities (/s) | RSS of full buffer (GB) | estimate (GB) | state() stream |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const state = r.stateBytes === null ? '' : `${gb(r.stateBytes)} GB in ${r.stateSeconds!.toFixed(1)} s`;
    console.log(
      `| ${r.observations} | ${r.kind} | ${r.bytesPerTransition.toFixed(1)} | ${thousands(r.addPerSecond)} | ${thousands(r.samplePerSecond)} | ${r.updatePerSecond === null ? '' : thousands(r.updatePerSecond)} | ${gb(r.rssBytes)} | ${gb(r.estimatedBytes)} | ${state} |`,
    );
  }
  for (const note of notes) console.log(`\nnote: ${note}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
