import { ReplayError, Rng, StateError, type Transition, type TypedArray } from '@prunerl/core';
import { UniformReplayBuffer } from './uniform-replay-buffer';

/** Transition `id` of a one-dimensional task whose two-dimensional action encodes the id. */
function step(id: number, end = false): Transition<TypedArray, Float32Array> {
  return {
    observation: Float32Array.of(id),
    action: Float32Array.of(id / 10, -id),
    reward: id,
    nextObservation: Float32Array.of(id + 1),
    terminated: end,
    truncated: false,
  };
}

async function collect(state: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of state) chunks.push(chunk.slice());
  return chunks;
}

describe('UniformReplayBuffer with continuous actions', () => {
  const options = { capacity: 16, observationShape: [1], observationDtype: 'float32', actionShape: [2] } as const;

  it('should store Float32Array actions and hand them back as batch.actionVectors', () => {
    const buffer = new UniformReplayBuffer(options);
    for (let id = 0; id < 6; id++) buffer.add(step(id, id === 5));
    const batch = buffer.sample(6, Rng.fromSeed(1));
    for (let i = 0; i < batch.batchSize; i++) {
      const id = batch.observations[i]!;
      expect([batch.actionVectors![2 * i], batch.actionVectors![2 * i + 1]]).toEqual([Math.fround(id / 10), -id]);
      expect(batch.actions[i]).toBe(0);
    }
  });

  it('should refuse a discrete action, a wrong length or a NaN entry, naming the field', () => {
    const buffer = new UniformReplayBuffer(options);
    expect(() => buffer.add({ ...step(0), action: 1 as unknown as Float32Array })).toThrow(ReplayError);
    expect(() => buffer.add({ ...step(0), action: Float32Array.of(1) })).toThrow(/^add\(transition\).action: expected a Float32Array of 2 values \(a continuous action\)/);
    expect(() => buffer.add({ ...step(0), action: Float32Array.of(1, Number.NaN) })).toThrow(/^add\(transition\).action\[1\]: expected a finite number, got NaN/);
    expect(buffer.size).toBe(0);
    const discrete = new UniformReplayBuffer({ ...options, actionShape: undefined });
    expect(() => discrete.add(step(0))).toThrow(/add\(transition\).action: expected an integer \(int32\)/);
  });

  it('should round-trip its actions through state() and refuse a discrete buffer state', async () => {
    const buffer = new UniformReplayBuffer(options);
    for (let id = 0; id < 20; id++) buffer.add(step(id, id % 7 === 6));
    const chunks = await collect(buffer.state());
    const copy = new UniformReplayBuffer(options);
    await copy.restore(chunks);
    expect(copy.sample(8, Rng.fromSeed(3))).toEqual(buffer.sample(8, Rng.fromSeed(3)));
    const discrete = new UniformReplayBuffer({ ...options, actionShape: undefined });
    await expect(discrete.restore(chunks)).rejects.toThrow(StateError);
  });
});
