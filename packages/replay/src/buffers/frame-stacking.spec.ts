import { ReplayError, Rng, type Batch, type Transition, type TypedArray } from '@prunerl/core';
import { replayMemoryEstimate } from '../memory/replay-memory-estimate';
import type { StackPadding } from '../options/replay-buffer-options';
import { PrioritizedReplayBuffer } from './prioritized-replay-buffer';
import { UniformReplayBuffer } from './uniform-replay-buffer';

const K = 4;
const PIXELS = 4; // 2x2 frames
const SIZE = PIXELS * K;

/** A [2, 2, 4] stack whose frame k has every pixel equal to `frames[k]` (oldest first). */
function stack(frames: readonly number[]): Uint8Array {
  const out = new Uint8Array(SIZE);
  for (let p = 0; p < PIXELS; p++) for (let k = 0; k < K; k++) out[p * K + k] = frames[k]!;
  return out;
}

/** The frame ids of row `i` of `values`, checking each frame is uniform across its pixels. */
function framesOf(values: TypedArray, i: number): number[] {
  const frames: number[] = [];
  for (let k = 0; k < K; k++) {
    const v = values[i * SIZE + k]!;
    for (let p = 1; p < PIXELS; p++) expect(values[i * SIZE + p * K + k]).toBe(v);
    frames.push(v);
  }
  return frames;
}

/** Transitions of one episode over frame ids `frames` (observation t is the stack ending at frame t). */
function episode(frames: readonly number[], end: 'terminated' | 'truncated' | 'open', padding: StackPadding = 'zeros'): Transition<TypedArray>[] {
  const stackAt = (t: number): Uint8Array =>
    stack(Array.from({ length: K }, (_, k) => {
      const index = t - (K - 1 - k);
      return index >= 0 ? frames[index]! : padding === 'zeros' ? 0 : frames[0]!;
    }));
  const steps = frames.length - 1;
  return Array.from({ length: steps }, (_, t) => ({
    observation: stackAt(t),
    action: frames[t]!,
    reward: 1,
    nextObservation: stackAt(t + 1),
    terminated: end === 'terminated' && t === steps - 1,
    truncated: end === 'truncated' && t === steps - 1,
  }));
}

function drawAll(buffer: UniformReplayBuffer | PrioritizedReplayBuffer, batchSize: number, draws = 30): Batch[] {
  const rng = Rng.fromSeed(31);
  return Array.from({ length: draws }, () => buffer.sample(batchSize, rng));
}

describe('UniformReplayBuffer with frame stacking', () => {
  const options = { capacity: 64, observationShape: [2, 2, K], observationDtype: 'uint8', frameStack: K, gamma: 0.5 } as const;

  describe('.sample', () => {
    it('should rebuild stacks with zeros before each episode start, never mixing episodes', () => {
      const buffer = new UniformReplayBuffer(options);
      [...episode([1, 2, 3, 4, 5, 6], 'terminated'), ...episode([11, 12, 13, 14], 'truncated'), ...episode([21, 22, 23, 24, 25, 26], 'open')].forEach((t) => buffer.add(t));
      expect(buffer.stats).toMatchObject({ transitions: 13, slots: 15, sampleable: 12 });
      // newest frame of the observation -> [observation stack, next stack, discount], by hand:
      const table: Record<number, [number[], number[], number]> = {
        1: [[0, 0, 0, 1], [0, 0, 1, 2], 0.5],
        2: [[0, 0, 1, 2], [0, 1, 2, 3], 0.5],
        3: [[0, 1, 2, 3], [1, 2, 3, 4], 0.5],
        4: [[1, 2, 3, 4], [2, 3, 4, 5], 0.5],
        5: [[2, 3, 4, 5], [3, 4, 5, 6], 0], // terminated: final frame 6 stored for the next stack
        11: [[0, 0, 0, 11], [0, 0, 11, 12], 0.5], // not [4, 5, 6, 11]: padding after an episode start
        12: [[0, 0, 11, 12], [0, 11, 12, 13], 0.5],
        13: [[0, 11, 12, 13], [11, 12, 13, 14], 0.5], // truncated: bootstraps from the final stack
        21: [[0, 0, 0, 21], [0, 0, 21, 22], 0.5],
        22: [[0, 0, 21, 22], [0, 21, 22, 23], 0.5],
        23: [[0, 21, 22, 23], [21, 22, 23, 24], 0.5],
        24: [[21, 22, 23, 24], [22, 23, 24, 25], 0.5],
        // 25: its next frame (26) is only pending.
      };
      const seen = new Set<number>();
      for (const batch of drawAll(buffer, 12)) {
        expect(batch.observationShape).toEqual([2, 2, 4]);
        for (let i = 0; i < batch.batchSize; i++) {
          const observation = framesOf(batch.observations, i);
          const want = table[observation[K - 1]!]!;
          expect([observation, framesOf(batch.nextObservations, i), batch.discounts[i]]).toEqual(want);
          expect(batch.actions[i]).toBe(observation[K - 1]);
          seen.add(observation[K - 1]!);
        }
      }
      expect(seen.size).toBe(12);
    });

    it('should pad with the first frame when stackPadding is first-frame', () => {
      const buffer = new UniformReplayBuffer({ ...options, stackPadding: 'first-frame' });
      [...episode([1, 2, 3], 'terminated', 'first-frame'), ...episode([11, 12, 13], 'truncated', 'first-frame')].forEach((t) => buffer.add(t));
      const table: Record<number, [number[], number[]]> = {
        1: [[1, 1, 1, 1], [1, 1, 1, 2]],
        2: [[1, 1, 1, 2], [1, 1, 2, 3]],
        11: [[11, 11, 11, 11], [11, 11, 11, 12]],
        12: [[11, 11, 11, 12], [11, 11, 12, 13]],
      };
      for (const batch of drawAll(buffer, 4, 10)) {
        for (let i = 0; i < batch.batchSize; i++) {
          const observation = framesOf(batch.observations, i);
          expect([observation, framesOf(batch.nextObservations, i)]).toEqual(table[observation[K - 1]!]);
        }
      }
    });

    it('should stop sampling transitions whose older frames were overwritten', () => {
      const buffer = new UniformReplayBuffer({ ...options, capacity: 8 });
      episode(Array.from({ length: 20 }, (_, i) => i + 1), 'open').forEach((t) => buffer.add(t));
      // 19 transitions in 8 slots: frames 12..19 stored; 12, 13 and 14 lack older frames, 19 its next.
      expect(buffer.stats).toMatchObject({ slots: 8, transitions: 8, sampleable: 4 });
      for (const batch of drawAll(buffer, 4, 10)) {
        for (let i = 0; i < batch.batchSize; i++) {
          const [, , , f] = framesOf(batch.observations, i) as [number, number, number, number];
          expect(f).toBeGreaterThanOrEqual(15);
          expect(framesOf(batch.observations, i)).toEqual([f - 3, f - 2, f - 1, f]);
          expect(framesOf(batch.nextObservations, i)).toEqual([f - 2, f - 1, f, f + 1]);
        }
      }
    });

    it('should give the same batches whether observations are word-aligned (fast path) or not', () => {
      const unaligned = (a: TypedArray): Uint8Array => {
        const backing = new Uint8Array(a.length + 1);
        backing.set(a as Uint8Array, 1);
        return backing.subarray(1);
      };
      const steps = [...episode([1, 2, 3, 4, 5, 6], 'terminated'), ...episode([11, 12, 13, 14, 15], 'open')];
      const aligned = new UniformReplayBuffer(options);
      const shifted = new UniformReplayBuffer(options);
      for (const t of steps) {
        aligned.add(t);
        shifted.add({ ...t, observation: unaligned(t.observation), nextObservation: unaligned(t.nextObservation) });
      }
      expect(() => shifted.add({ ...steps[0]!, observation: unaligned(stack([1, 0, 0, 3])) })).toThrow(ReplayError);
      expect(shifted.sample(8, Rng.fromSeed(4))).toEqual(aligned.sample(8, Rng.fromSeed(4)));
    });

    it('should rebuild float64 stacks bit for bit', () => {
      const buffer = new UniformReplayBuffer({ capacity: 16, observationShape: [3, 2], observationDtype: 'float64', frameStack: 2 });
      const s = (a: number, b: number): Float64Array => Float64Array.of(a, b, a, b, a, b);
      buffer.add({ observation: s(0, Math.PI), action: 0, reward: 0, nextObservation: s(Math.PI, -0.5), terminated: false, truncated: false });
      buffer.add({ observation: s(Math.PI, -0.5), action: 1, reward: 0, nextObservation: s(-0.5, 1e-300), terminated: true, truncated: false });
      const batch = buffer.sample(2, Rng.fromSeed(1));
      const byAction = [0, 1].map((a) => batch.actions.indexOf(a));
      const rowOf = (values: TypedArray, i: number): number[] => Array.from(values.subarray(i * 6, i * 6 + 6));
      if (byAction[0]! >= 0) expect(rowOf(batch.nextObservations, byAction[0]!)).toEqual(Array.from(s(Math.PI, -0.5)));
      if (byAction[1]! >= 0) expect(rowOf(batch.nextObservations, byAction[1]!)).toEqual(Array.from(s(-0.5, 1e-300)));
      expect(byAction.some((i) => i >= 0)).toBe(true);
    });
  });

  describe('.add', () => {
    it('should refuse an episode start whose older frames are not padding, and change nothing', () => {
      const buffer = new UniformReplayBuffer(options);
      const [first] = episode([1, 2], 'open');
      expect(() => buffer.add({ ...first!, observation: stack([9, 0, 0, 1]) })).toThrow(
        'add(transition).observation: expected the first stack of an episode (frames before the newest are zeros, stackPadding "zeros")',
      );
      buffer.add(first!);
      // A stack that neither continues the episode nor starts one.
      expect(() => buffer.add({ ...first!, observation: stack([5, 6, 7, 8]), nextObservation: stack([6, 7, 8, 9]) })).toThrow(
        "expected the previous transition's nextObservation, or the first stack of an episode",
      );
      expect(buffer.stats).toMatchObject({ transitions: 1, slots: 1, cuts: 0 });
    });

    it('should refuse a nextObservation that is not the observation shifted by one frame', () => {
      const buffer = new UniformReplayBuffer(options);
      const [first] = episode([1, 2], 'open');
      expect(() => buffer.add({ ...first!, nextObservation: stack([0, 1, 0, 2]) })).toThrow(
        new ReplayError({
          field: 'add(transition).nextObservation',
          value: stack([0, 1, 0, 2]),
          expected: "the observation's newest 3 frames followed by one new frame (stacked on the last axis)",
        }),
      );
      expect(buffer.size).toBe(0);
    });

    it('should start a new episode after a cut when the new stack is an episode start', () => {
      const buffer = new UniformReplayBuffer(options);
      episode([1, 2, 3], 'open').forEach((t) => buffer.add(t));
      episode([7, 8, 9], 'open').forEach((t) => buffer.add(t));
      expect(buffer.stats).toMatchObject({ cuts: 1, transitions: 4, slots: 5, sampleable: 3 });
      const batch = buffer.sample(3, Rng.fromSeed(8));
      for (let i = 0; i < 3; i++) {
        const frames = framesOf(batch.observations, i);
        if (frames[3] === 2) expect([framesOf(batch.nextObservations, i), batch.discounts[i]]).toEqual([[0, 1, 2, 3], 0.5]);
        if (frames[3] === 7) expect(framesOf(batch.nextObservations, i)).toEqual([0, 0, 7, 8]);
      }
    });
  });

  describe('.bytesPerTransition', () => {
    it('should store one 84x84 frame per Atari transition: about 7 GB for 1M', () => {
      const atari = { capacity: 1_000_000, observationShape: [84, 84, 4], observationDtype: 'uint8', frameStack: 4 } as const;
      const estimate = replayMemoryEstimate(atari);
      expect(estimate.observationBytesPerTransition).toBe(7056);
      expect(Math.round(estimate.bytesPerTransition)).toBe(7066); // frame + action + reward + flags + position
      expect(estimate.totalBytes / 1e9).toBeCloseTo(7.066, 3);
      expect(estimate.unstackedBytesPerTransition).toBe(28_224 + 9);
      const prioritized = replayMemoryEstimate(atari, 'prioritized');
      expect(prioritized.bytesPerTransition - estimate.bytesPerTransition).toBeCloseTo((2 * 2 ** 20 * 8) / 1e6, 6);
      // A buffer allocates only the chunks it has written to.
      const buffer = new UniformReplayBuffer(atari);
      expect(buffer.bytesPerTransition).toBeCloseTo(estimate.bytesPerTransition, 9);
      expect(buffer.stats.allocatedBytes).toBe(1_000_000 * 10);
    });
  });
});
