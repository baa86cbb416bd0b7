import { Rng, StateError, type Transition, type TypedArray } from '@prunerl/core';
import { PrioritizedReplayBuffer } from '../buffers/prioritized-replay-buffer';
import { UniformReplayBuffer } from '../buffers/uniform-replay-buffer';
import type { PrioritizedReplayBufferOptions } from '../options/replay-buffer-options';
import { crc32 } from './crc32';

const STACKED: PrioritizedReplayBufferOptions = { capacity: 40, observationShape: [3, 3, 4], observationDtype: 'uint8', frameStack: 4, nStep: 3, gamma: 0.9 };

/** Stacked transitions of episodes of varied lengths; frame f has every pixel f % 251 + 1. */
function* stackedSteps(count: number, seed = 1): Generator<Transition<TypedArray>> {
  const rng = Rng.fromSeed(seed);
  let frames: number[] = [0, 0, 0, 1];
  let frame = 1;
  const stack = (fs: number[]): Uint8Array => {
    const out = new Uint8Array(36);
    for (let p = 0; p < 9; p++) for (let k = 0; k < 4; k++) out[p * 4 + k] = fs[k]!;
    return out;
  };
  for (let t = 0; t < count; t++) {
    frame++;
    const next = [...frames.slice(1), (frame % 251) + 1];
    const end = rng.uniform() < 0.12;
    const terminated = end && rng.bernoulli(0.5);
    yield { observation: stack(frames), action: t % 5, reward: rng.normal(), nextObservation: stack(next), terminated, truncated: end && !terminated };
    frames = end ? [0, 0, 0, (++frame % 251) + 1] : next;
  }
}

async function bytesOf(state: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of state) chunks.push(chunk);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Splits `bytes` into chunks of `size`. */
function rechunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.slice(at, at + size));
  return out;
}

/** The same state with its trailing CRC recomputed: a well-checksummed but inconsistent state. */
function reseal(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function headerLength(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
}

function filledPrioritized(steps = 57): PrioritizedReplayBuffer {
  const buffer = new PrioritizedReplayBuffer(STACKED);
  for (const t of stackedSteps(steps)) buffer.add(t);
  const rng = Rng.fromSeed(9);
  for (let d = 0; d < 5; d++) {
    const batch = buffer.sample(4, rng);
    buffer.updatePriorities(batch.indices, Float32Array.from(batch.indices, (i) => 0.1 + (i % 7)));
  }
  return buffer;
}

describe('CircularReplayBuffer state', () => {
  describe('.restore', () => {
    it('should round-trip a wrapped, stacked, prioritized buffer in the middle of an episode', async () => {
      const original = filledPrioritized();
      expect(original.stats.slots).toBe(40); // wrapped
      const bytes = await bytesOf(original.state());
      const copy = new PrioritizedReplayBuffer(STACKED);
      await copy.restore(rechunk(bytes, 7)); // chunk boundaries anywhere
      expect(copy.stats).toEqual(original.stats);
      expect(copy.maxRecordedPriority).toBe(original.maxRecordedPriority);
      for (let slot = 0; slot < 40; slot++) expect(copy.priorityOf(slot)).toBe(original.priorityOf(slot));
      expect(copy.sample(8, Rng.fromSeed(1))).toEqual(original.sample(8, Rng.fromSeed(1)));
      // Both continue identically, including the unfinished episode's pending observation.
      for (const t of stackedSteps(30, 2)) {
        original.add(t);
        copy.add(t);
      }
      expect(copy.sample(8, Rng.fromSeed(2))).toEqual(original.sample(8, Rng.fromSeed(2)));
      expect(await bytesOf(copy.state())).toEqual(await bytesOf(original.state()));
    });

    it('should round-trip an empty buffer and a uniform one', async () => {
      const empty = new UniformReplayBuffer({ capacity: 10, observationShape: [2], observationDtype: 'int32' });
      const restored = new UniformReplayBuffer({ capacity: 10, observationShape: [2], observationDtype: 'int32' });
      restored.add({ observation: Int32Array.of(1, 2), action: 0, reward: 1, nextObservation: Int32Array.of(3, 4), terminated: true, truncated: false });
      await restored.restore(await bytesOf(empty.state()).then((b) => [b]));
      expect(restored.size).toBe(0);
      expect(restored.canSample(1)).toBe(false);

      const uniform = new UniformReplayBuffer(STACKED);
      for (const t of stackedSteps(100)) uniform.add(t);
      const copy = new UniformReplayBuffer(STACKED);
      await copy.restore(uniform.state());
      expect(copy.sample(16, Rng.fromSeed(5))).toEqual(uniform.sample(16, Rng.fromSeed(5)));
    });

    it('should reject truncated streams with a StateError, leaving the buffer unchanged', async () => {
      const bytes = await bytesOf(filledPrioritized().state());
      const target = filledPrioritized(23);
      const before = await bytesOf(target.state());
      const cuts = [0, 5, 12, 20, 16 + headerLength(bytes) + 2, bytes.length >> 1, bytes.length - 5, bytes.length - 1];
      for (const cut of cuts) {
        await expect(target.restore(rechunk(bytes.subarray(0, cut), 64))).rejects.toThrow(StateError);
      }
      await expect(target.restore([bytes.subarray(0, bytes.length >> 1)])).rejects.toThrow(/truncated/);
      expect(await bytesOf(target.state())).toEqual(before);
    });

    it('should reject corrupt bytes anywhere with a StateError, leaving the buffer unchanged', async () => {
      const bytes = await bytesOf(filledPrioritized().state());
      const target = new PrioritizedReplayBuffer(STACKED);
      const flip = (at: number): Uint8Array => {
        const c = bytes.slice();
        c[at]! ^= 0x10;
        return c;
      };
      await expect(target.restore([flip(2)])).rejects.toThrow('restore(state) magic');
      await expect(target.restore([flip(20)])).rejects.toThrow('restore(state) header checksum');
      await expect(target.restore([flip(bytes.length >> 1)])).rejects.toThrow('restore(state) checksum');
      await expect(target.restore([flip(bytes.length - 2)])).rejects.toThrow('restore(state) checksum');
      await expect(target.restore([bytes, Uint8Array.of(0)])).rejects.toThrow('trailing bytes');
      await expect(target.restore(['not bytes' as unknown as Uint8Array])).rejects.toThrow('restore(state) chunk: expected a Uint8Array');
      await expect(target.restore(42 as never)).rejects.toThrow(StateError);
      expect(target.size).toBe(0);
    });

    it('should check the contents beyond the checksum (a resealed but inconsistent state fails)', async () => {
      const bytes = await bytesOf(filledPrioritized().state());
      const flagsAt = 16 + headerLength(bytes) + 4;
      const target = new PrioritizedReplayBuffer(STACKED);
      for (const [offset, xor] of [
        [3, 16], // toggles a valid bit
        [5, 8], // marks a transition as a final observation
        [7, 64], // an unknown flag bit
      ] as const) {
        const bad = bytes.slice();
        bad[flagsAt + offset]! ^= xor;
        await expect(target.restore([reseal(bad)])).rejects.toThrow(/restore\(state\) (flags|counters)/);
      }
      const badPriority = bytes.slice();
      new DataView(badPriority.buffer).setFloat64(badPriority.length - 12, Number.NaN, true); // slot 39's priority
      await expect(target.restore([reseal(badPriority)])).rejects.toThrow('restore(state) priorities[39]');
      expect(target.size).toBe(0);
    });

    it('should refuse a state written with other options or by another kind of buffer, naming the option', async () => {
      const bytes = await bytesOf(filledPrioritized().state());
      await expect(new PrioritizedReplayBuffer({ ...STACKED, capacity: 41 }).restore([bytes])).rejects.toThrow('restore(state) config.capacity: expected 41');
      await expect(new PrioritizedReplayBuffer({ ...STACKED, nStep: 1 }).restore([bytes])).rejects.toThrow('restore(state) config.nStep: expected 1');
      await expect(new PrioritizedReplayBuffer({ ...STACKED, gamma: 0.99 }).restore([bytes])).rejects.toThrow('restore(state) config.gamma');
      await expect(new PrioritizedReplayBuffer({ ...STACKED, importanceExponent: 1 }).restore([bytes])).rejects.toThrow('restore(state) config.importanceExponent');
      await expect(new PrioritizedReplayBuffer({ ...STACKED, stackPadding: 'first-frame' }).restore([bytes])).rejects.toThrow('config.stackPadding');
      await expect(new UniformReplayBuffer(STACKED).restore([bytes])).rejects.toThrow('restore(state) buffer: expected "uniform" (the kind of this buffer), got "prioritized".');
    });
  });

  describe('.state', () => {
    it('should fail when the buffer changes while the stream is read', async () => {
      const buffer = new UniformReplayBuffer({ capacity: 4000, observationShape: [84, 84], observationDtype: 'uint8' });
      const frame = new Uint8Array(84 * 84);
      for (let t = 0; t < 2000; t++) buffer.add({ observation: frame, action: 0, reward: 0, nextObservation: frame, terminated: false, truncated: false });
      const stream = buffer.state()[Symbol.asyncIterator]();
      const first = await stream.next();
      expect(first.done).toBe(false);
      buffer.add({ observation: frame, action: 0, reward: 0, nextObservation: frame, terminated: false, truncated: false });
      await expect(stream.next()).rejects.toThrow('state(): expected no add, updatePriorities or restore while the state stream is read');
    });

    it('should stream a large buffer in chunks of at most 4 MiB', async () => {
      const buffer = new UniformReplayBuffer({ capacity: 2000, observationShape: [84, 84], observationDtype: 'uint8' });
      const frame = new Uint8Array(84 * 84).fill(7);
      for (let t = 0; t < 2000; t++) buffer.add({ observation: frame, action: 0, reward: 0, nextObservation: frame, terminated: false, truncated: false });
      let total = 0;
      let largest = 0;
      for await (const chunk of buffer.state()) {
        total += chunk.length;
        largest = Math.max(largest, chunk.length);
      }
      expect(total).toBeGreaterThan(2000 * 84 * 84);
      expect(largest).toBeLessThanOrEqual(4 * 1024 * 1024);
    });
  });
});
