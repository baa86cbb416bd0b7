import { ReplayError, Rng, StateError, type Batch, type DType, type ReplayBuffer } from '@prunerl/core';
import { check, checkThrows, testGlobals } from '../conformance/test-api';
import { scriptedEpisodes, type ExpectedNStep } from './scripted-episodes';

/** What {@link replayBufferConformance} asks its factory for. */
export interface ReplayBufferSpec {
  readonly capacity: number;
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
  readonly nStep: number;
  readonly gamma: number;
}

/** Builds a fresh, empty buffer for each check. */
export type ReplayBufferFactory = (spec: ReplayBufferSpec) => ReplayBuffer;

/** Options of {@link replayBufferConformance}. */
export interface ReplayBufferConformanceOptions {
  /** Seed of every sampling stream (default 11). */
  readonly seed?: number;
}

const SHAPE = [3] as const;
const TOLERANCE = 1e-5;

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk.slice());
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function sameBatch(a: Batch, b: Batch): boolean {
  const keys = ['observations', 'actions', 'rewards', 'nextObservations', 'discounts', 'indices', 'weights', 'probabilities'] as const;
  return keys.every((k) => a[k].length === b[k].length && a[k].every((v, i) => Object.is(v, b[k][i])));
}

/** Checks every row of a batch against the naive n-step reference, by the id in its observation. */
function checkAgainstReference(batch: Batch, expected: Map<number, ExpectedNStep>, observationSize: number, what: string): void {
  for (let i = 0; i < batch.batchSize; i++) {
    const id = batch.observations[i * observationSize]!;
    const want = expected.get(id);
    check(want !== undefined, () => `${what}: row ${i} is transition ${id}, whose n-step window is not complete (it must not be sampled)`);
    check(batch.actions[i] === want.action, () => `${what}: transition ${id} has action ${batch.actions[i]}, expected ${want.action}`);
    check(Math.abs(batch.rewards[i]! - want.reward) <= TOLERANCE * Math.max(1, Math.abs(want.reward)), () => `${what}: transition ${id} has n-step reward ${batch.rewards[i]}, expected ${want.reward}`);
    check(Math.abs(batch.discounts[i]! - want.discount) <= TOLERANCE, () => `${what}: transition ${id} has discount ${batch.discounts[i]}, expected ${want.discount}`);
    const next = batch.nextObservations[i * observationSize]!;
    check(next === want.nextObservationId, () => `${what}: transition ${id} bootstraps from observation ${next}, expected ${want.nextObservationId}`);
  }
}

/**
 * The conformance suite for `ReplayBuffer` implementations, run by `@prunerl/replay`'s buffers and
 * runnable by third-party buffers under jest, vitest or mocha. It checks: an empty buffer refuses to
 * sample with a `ReplayError`; observations of the wrong dtype or length are refused with a
 * `ReplayError` and change nothing; batches have the documented lengths, dtypes and ranges; n-step
 * rewards, bootstrap observations and discounts match a naive reference across terminated,
 * truncated and unfinished episodes (incomplete windows are never sampled); the same rng state
 * gives the same batch; capacity bounds what is kept and the oldest transitions go first;
 * `updatePriorities` accepts a batch's indices (and, for prioritized buffers, steers sampling);
 * `state()`/`restore()` round-trip exactly, and a truncated, corrupted or trailing stream throws a
 * `StateError` and leaves the buffer unchanged.
 *
 * `factory` must honour `nStep` and `gamma` and return an empty buffer each call; observations are
 * flat, of shape `[3]`, `float32`.
 *
 * @example
 * ```ts
 * replayBufferConformance('uniform', (spec) => new UniformReplayBuffer(spec));
 * ```
 */
export function replayBufferConformance(name: string, factory: ReplayBufferFactory, options: ReplayBufferConformanceOptions = {}): void {
  const { describe, it } = testGlobals();
  const seed = options.seed ?? 11;
  const spec = (overrides: Partial<ReplayBufferSpec> = {}): ReplayBufferSpec => ({
    capacity: 64,
    observationShape: SHAPE,
    observationDtype: 'float32',
    nStep: 3,
    gamma: 0.9,
    ...overrides,
  });
  const script = scriptedEpisodes(
    [
      { length: 5, end: 'terminated' },
      { length: 2, end: 'terminated' },
      { length: 6, end: 'truncated' },
      { length: 1, end: 'truncated' },
      { length: 7, end: 'open' },
    ],
    SHAPE[0],
  );
  const filled = (overrides: Partial<ReplayBufferSpec> = {}): ReplayBuffer => {
    const buffer = factory(spec(overrides));
    for (const t of script.transitions) buffer.add(t);
    return buffer;
  };

  describe(`${name} (replay buffer conformance)`, () => {
    it('should start empty and refuse to sample with a ReplayError', async () => {
      const buffer = factory(spec());
      check(buffer.size === 0, `a new buffer has size ${buffer.size}, expected 0`);
      check(buffer.capacity === 64, `capacity is ${buffer.capacity}, expected the 64 asked for`);
      check(!buffer.canSample(1), 'canSample(1) must be false on an empty buffer');
      await checkThrows(() => buffer.sample(1, Rng.fromSeed(seed)), ReplayError, 'sample(1) on an empty buffer');
    });

    it('should refuse observations of the wrong dtype or length with a ReplayError and change nothing', async () => {
      const buffer = factory(spec());
      const good = script.transitions[0]!;
      await checkThrows(() => buffer.add({ ...good, observation: Float64Array.from(good.observation) }), ReplayError, 'add() with a float64 observation');
      await checkThrows(() => buffer.add({ ...good, nextObservation: new Float32Array(4) }), ReplayError, 'add() with a nextObservation of 4 values');
      check(buffer.size === 0, `size is ${buffer.size} after refused adds, expected 0`);
    });

    it('should return batches of the documented shapes, dtypes and ranges', () => {
      const buffer = filled();
      check(buffer.size === script.transitions.length, `size is ${buffer.size} after ${script.transitions.length} adds`);
      check(buffer.canSample(8), 'canSample(8) must hold once enough windows are complete');
      const batch = buffer.sample(8, Rng.fromSeed(seed));
      check(batch.batchSize === 8, `batchSize is ${batch.batchSize}`);
      check(JSON.stringify(batch.observationShape) === JSON.stringify(SHAPE), `observationShape is ${JSON.stringify(batch.observationShape)}`);
      check(batch.observationDtype === 'float32', `observationDtype is ${batch.observationDtype}`);
      check(batch.observations instanceof Float32Array && batch.observations.length === 24, 'observations must be a Float32Array of batchSize * 3 values');
      check(batch.nextObservations instanceof Float32Array && batch.nextObservations.length === 24, 'nextObservations must be a Float32Array of batchSize * 3 values');
      for (const [key, type] of [['actions', Int32Array], ['rewards', Float32Array], ['discounts', Float32Array], ['indices', Int32Array], ['weights', Float32Array], ['probabilities', Float32Array]] as const) {
        check(batch[key] instanceof type && batch[key].length === 8, `${key} must be a ${type.name} of 8 values`);
      }
      check(batch.indices.every((i) => i >= 0 && i < buffer.capacity), 'indices must lie in [0, capacity)');
      check(batch.weights.every((w) => w > 0 && w <= 1 + 1e-6), 'weights must lie in (0, 1]');
      check(Math.abs(Math.max(...batch.weights) - 1) < 1e-6, 'weights must be normalised by their max');
      check(batch.probabilities.every((p) => p > 0 && p <= 1), 'probabilities must lie in (0, 1]');
    });

    it('should compute n-step rewards, bootstrap observations and discounts across episode ends', async () => {
      for (const nStep of [1, 3]) {
        const buffer = filled({ nStep });
        const expected = script.expected(nStep, 0.9);
        check(buffer.canSample(expected.size), () => `with nStep ${nStep}, canSample(${expected.size}) must hold with ${expected.size} complete windows`);
        const rng = Rng.fromSeed(seed).split(`n${nStep}`);
        const seen = new Set<number>();
        for (let draw = 0; draw < 32; draw++) {
          const batch = buffer.sample(8, rng);
          checkAgainstReference(batch, expected, SHAPE[0], `nStep ${nStep}`);
          for (let i = 0; i < batch.batchSize; i++) seen.add(batch.observations[i * SHAPE[0]]!);
        }
        check(seen.size === expected.size, () => `with nStep ${nStep}, 256 draws reached ${seen.size} of the ${expected.size} sampleable transitions`);
        check(!buffer.canSample(expected.size + 1), () => `canSample(${expected.size + 1}) must be false with ${expected.size} sampleable transitions`);
        await checkThrows(() => buffer.sample(expected.size + 1, rng), ReplayError, `sample(${expected.size + 1}) with ${expected.size} sampleable transitions`);
      }
    });

    it('should draw the same batch from the same rng state', () => {
      const buffer = filled();
      const a = buffer.sample(16, Rng.fromSeed(seed).split('replay'));
      const b = buffer.sample(16, Rng.fromSeed(seed).split('replay'));
      check(sameBatch(a, b), 'two samples from equal rng states differ');
    });

    it('should keep at most capacity transitions, overwriting the oldest', () => {
      const buffer = factory(spec({ capacity: 12 }));
      for (const t of script.transitions) buffer.add(t);
      check(buffer.size <= 12, `size is ${buffer.size} with capacity 12`);
      const rng = Rng.fromSeed(seed);
      const oldestKept = script.transitions.length - 12;
      for (let draw = 0; draw < 16; draw++) {
        const batch = buffer.sample(4, rng);
        for (let i = 0; i < batch.batchSize; i++) {
          const id = batch.observations[i * SHAPE[0]]!;
          check(id >= script.transitions[oldestKept]!.observation[0]!, () => `transition ${id} was sampled although 12 newer transitions were added after it`);
        }
        checkAgainstReference(batch, script.expected(3, 0.9), SHAPE[0], 'after wrapping');
      }
    });

    it('should accept the batch indices in updatePriorities, and follow them when prioritized', () => {
      const buffer = filled();
      const rng = Rng.fromSeed(seed);
      const batch = buffer.sample(8, rng);
      buffer.updatePriorities(batch.indices, new Float32Array(batch.batchSize).fill(1));
      if (!buffer.prioritized) return;
      // Every sampleable slot (found by drawing until all were seen) gets a low priority, one a high one.
      const slots = new Set<number>();
      for (let draw = 0; draw < 64; draw++) buffer.sample(8, rng).indices.forEach((i) => slots.add(i));
      const all = Int32Array.from(slots);
      buffer.updatePriorities(all, new Float32Array(all.length).fill(1e-3));
      const favourite = all[0]!;
      buffer.updatePriorities(Int32Array.of(favourite), Float32Array.of(1000));
      let hits = 0;
      for (let draw = 0; draw < 25; draw++) hits += buffer.sample(8, rng).indices.filter((i) => i === favourite).length;
      const share = hits / 200;
      check(share > 0.9, () => `a transition with 1e6 times the priority of the others was drawn ${(share * 100).toFixed(1)}% of the time`);
      // Importance weights fall as sampling probabilities rise.
      buffer.updatePriorities(all, Float32Array.from(all, (i) => 1 + (i % 5)));
      const mixed = buffer.sample(16, rng);
      for (let i = 0; i < mixed.batchSize; i++) {
        for (let j = 0; j < mixed.batchSize; j++) {
          if (mixed.probabilities[i]! > mixed.probabilities[j]! * (1 + 1e-6)) {
            check(mixed.weights[i]! <= mixed.weights[j]! * (1 + 1e-6), () => `a transition drawn with probability ${mixed.probabilities[i]} has weight ${mixed.weights[i]}, above the ${mixed.weights[j]} of one drawn with ${mixed.probabilities[j]}`);
          }
        }
      }
      check(new Set(mixed.weights).size > 1, 'transitions of different priorities must get different weights');
    });

    it('should round-trip state() through restore()', async () => {
      const buffer = filled();
      const chunks = await collect(buffer.state());
      const copy = factory(spec());
      await copy.restore(chunks);
      check(copy.size === buffer.size, `restored size ${copy.size}, expected ${buffer.size}`);
      check(sameBatch(copy.sample(16, Rng.fromSeed(seed)), buffer.sample(16, Rng.fromSeed(seed))), 'a restored buffer samples differently from the original');
      // Both go on the same way.
      const extra = scriptedEpisodes([{ length: 40, end: 'terminated' }], SHAPE[0]).transitions.map((t) => ({
        ...t,
        observation: Float32Array.from(t.observation, (v, i) => (i === 0 ? v + 1000 : v)),
        nextObservation: Float32Array.from(t.nextObservation, (v, i) => (i === 0 ? v + 1000 : v)),
      }));
      for (const t of extra) {
        buffer.add(t);
        copy.add(t);
      }
      check(sameBatch(copy.sample(32, Rng.fromSeed(seed)), buffer.sample(32, Rng.fromSeed(seed))), 'after more adds, the restored buffer diverges from the original');
    });

    it('should reject truncated, corrupted or trailing state with a StateError and stay unchanged', async () => {
      const bytes = concat(await collect(filled().state()));
      const target = factory(spec());
      const other = scriptedEpisodes([{ length: 9, end: 'terminated' }], SHAPE[0]);
      for (const t of other.transitions) target.add(t);
      const before = target.sample(8, Rng.fromSeed(seed));
      const cases: Array<[string, Uint8Array]> = [
        ['truncated to half', bytes.slice(0, bytes.length >> 1)],
        ['missing its last byte', bytes.slice(0, bytes.length - 1)],
        ['with one byte flipped in the middle', (() => { const c = bytes.slice(); c[c.length >> 1]! ^= 0x40; return c; })()],
        ['with a trailing byte', concat([bytes, new Uint8Array(1)])],
        ['empty', new Uint8Array(0)],
      ];
      for (const [label, corrupt] of cases) {
        await checkThrows(() => target.restore([corrupt]), StateError, `restore() of a state ${label}`);
        check(target.size === other.transitions.length, () => `after a failed restore (${label}) the size changed to ${target.size}`);
        check(sameBatch(target.sample(8, Rng.fromSeed(seed)), before), () => `after a failed restore (${label}) the buffer samples differently`);
      }
      await checkThrows(() => factory(spec({ capacity: 65 })).restore([bytes]), StateError, 'restore() into a buffer of another capacity');
    });
  });
}
