import { ConfigError, ReplayError, Rng, type Batch, type Transition, type TypedArray } from '@prunerl/core';
import { UniformReplayBuffer } from './uniform-replay-buffer';

/** A transition with scalar observations holding ids, so a batch row says which transition it is. */
function step(id: number, reward: number, next: number, end: 'terminated' | 'truncated' | '' = ''): Transition<TypedArray> {
  return {
    observation: Float32Array.of(id),
    action: id,
    reward,
    nextObservation: Float32Array.of(next),
    terminated: end === 'terminated',
    truncated: end === 'truncated',
  };
}

interface Row {
  readonly id: number;
  readonly index: number;
  readonly reward: number;
  readonly discount: number;
  readonly next: number;
  readonly action: number;
}

function rows(batch: Batch): Row[] {
  return Array.from({ length: batch.batchSize }, (_, i) => ({
    id: batch.observations[i]!,
    index: batch.indices[i]!,
    reward: batch.rewards[i]!,
    discount: batch.discounts[i]!,
    next: batch.nextObservations[i]!,
    action: batch.actions[i]!,
  }));
}

/** Draws `draws` batches and checks every row against `table` (id -> [reward, discount, next]). */
function expectRowsFromTable(buffer: UniformReplayBuffer, table: Record<number, readonly [number, number, number]>, batchSize: number, draws = 40): Set<number> {
  const rng = Rng.fromSeed(17).split('replay');
  const seen = new Set<number>();
  for (let d = 0; d < draws; d++) {
    for (const row of rows(buffer.sample(batchSize, rng))) {
      const want = table[row.id];
      expect(want).toBeDefined();
      expect([row.reward, row.discount, row.next]).toEqual(want);
      expect(row.action).toBe(row.id);
      seen.add(row.id);
    }
  }
  return seen;
}

describe('UniformReplayBuffer', () => {
  describe('constructor', () => {
    it('should reject a capacity <= 0, naming the value', () => {
      expect(() => new UniformReplayBuffer({ capacity: 0, observationShape: [1], observationDtype: 'float32' })).toThrow(
        new ConfigError({ field: 'capacity', value: 0, expected: 'an integer in [1, 2147483647]' }),
      );
      expect(() => new UniformReplayBuffer({ capacity: -5, observationShape: [1], observationDtype: 'float32' })).toThrow('capacity: expected an integer in [1, 2147483647], got -5.');
      expect(() => new UniformReplayBuffer({ capacity: 2.5, observationShape: [1], observationDtype: 'float32' })).toThrow(ConfigError);
    });

    it('should reject a capacity too small for the n-step window and the frame stack', () => {
      expect(() => new UniformReplayBuffer({ capacity: 4, nStep: 3, frameStack: 2, observationShape: [2, 2], observationDtype: 'uint8' })).toThrow(
        'capacity: expected an integer >= nStep + frameStack = 5, got 4.',
      );
    });

    it('should reject bad options with ConfigErrors naming them', () => {
      const base = { capacity: 10, observationShape: [4], observationDtype: 'float32' } as const;
      expect(() => new UniformReplayBuffer({ ...base, observationDtype: 'int8' as never })).toThrow('observationDtype: expected one of');
      expect(() => new UniformReplayBuffer({ ...base, observationShape: [0] })).toThrow('observationShape: expected an array of at least 1 positive integer');
      expect(() => new UniformReplayBuffer({ ...base, gamma: 1.5 })).toThrow('gamma: expected a finite number in [0, 1], got 1.5.');
      expect(() => new UniformReplayBuffer({ ...base, nStep: 0 })).toThrow('nStep: expected an integer >= 1, got 0.');
      expect(() => new UniformReplayBuffer({ ...base, frameStack: 3 })).toThrow('observationShape: expected a shape whose last entry is frameStack = 3');
      expect(() => new UniformReplayBuffer({ ...base, stackPading: 'zeros' } as never)).toThrow('UniformReplayBuffer.stackPading: expected one of the known options');
    });
  });

  describe('.sample', () => {
    it('should fold n-step rewards and discounts across terminated, truncated and unfinished episodes', () => {
      const buffer = new UniformReplayBuffer({ capacity: 32, observationShape: [1], observationDtype: 'float32', nStep: 3, gamma: 0.5 });
      // Episode 1 terminates at id 3 (final observation 100), episode 2 is truncated at id 11
      // (final observation 101), episode 3 is still running (ids 20..24, next 25 not stored).
      [step(0, 1, 1), step(1, 2, 2), step(2, 4, 3), step(3, 8, 100, 'terminated')].forEach((t) => buffer.add(t));
      [step(10, 16, 11), step(11, 32, 101, 'truncated')].forEach((t) => buffer.add(t));
      [20, 21, 22, 23, 24].forEach((id) => buffer.add(step(id, 1, id + 1)));
      expect(buffer.size).toBe(11);
      expect(buffer.stats).toMatchObject({ slots: 13, transitions: 11, sampleable: 8, cuts: 0 });
      expect(buffer.canSample(8)).toBe(true);
      expect(buffer.canSample(9)).toBe(false);
      // [n-step reward, discount, bootstrap observation], by hand with gamma = 1/2:
      const table = {
        0: [1 + 2 / 2 + 4 / 4, 1 / 8, 3], //   full window
        1: [2 + 4 / 2 + 8 / 4, 0, 100], //     terminates on the window's last step: no bootstrap
        2: [4 + 8 / 2, 0, 100], //              terminates after 2 steps
        3: [8, 0, 100], //                      terminates at once
        10: [16 + 32 / 2, 1 / 4, 101], //       truncated after 2 steps: bootstraps from the final observation
        11: [32, 1 / 2, 101], //                truncated at once
        20: [1 + 1 / 2 + 1 / 4, 1 / 8, 23],
        21: [1 + 1 / 2 + 1 / 4, 1 / 8, 24],
        // 22, 23, 24: their windows reach observation 25, not stored yet: never sampled.
      } as const;
      const seen = expectRowsFromTable(buffer, table, 8);
      expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 10, 11, 20, 21]);
    });

    it('should compute windows across the circular wrap and forget overwritten transitions', () => {
      const buffer = new UniformReplayBuffer({ capacity: 10, observationShape: [1], observationDtype: 'float32', nStep: 2, gamma: 0.5 });
      for (let id = 0; id < 14; id++) buffer.add(step(id, id, id + 1));
      // Slots hold ids 4..13 (id k in slot k % 10); ids 12 and 13 still wait for their windows.
      expect(buffer.stats).toMatchObject({ slots: 10, transitions: 10, sampleable: 8 });
      const wrapped = { 4: [6.5, 0.25, 6], 5: [8, 0.25, 7], 6: [9.5, 0.25, 8], 7: [11, 0.25, 9], 8: [12.5, 0.25, 10], 9: [14, 0.25, 11], 10: [15.5, 0.25, 12], 11: [17, 0.25, 13] } as const;
      expect(expectRowsFromTable(buffer, wrapped, 8).size).toBe(8);
      const indices = rows(buffer.sample(8, Rng.fromSeed(2)));
      for (const row of indices) expect(row.index).toBe(row.id % 10);

      // Terminating at id 14 (slot 4) puts the final observation in slot 5: ids 4 and 5 are gone.
      buffer.add(step(14, 14, 99, 'terminated'));
      const ended = { 6: [9.5, 0.25, 8], 7: [11, 0.25, 9], 8: [12.5, 0.25, 10], 9: [14, 0.25, 11], 10: [15.5, 0.25, 12], 11: [17, 0.25, 13], 12: [18.5, 0.25, 14], 13: [20, 0, 99], 14: [14, 0, 99] } as const;
      expect(buffer.stats).toMatchObject({ slots: 10, transitions: 9, sampleable: 9 });
      expect(expectRowsFromTable(buffer, ended, 9).size).toBe(9);
    });

    it('should treat a break in continuity as the end of the previous episode, which still bootstraps', () => {
      const buffer = new UniformReplayBuffer({ capacity: 16, observationShape: [1], observationDtype: 'float32', nStep: 2, gamma: 0.5 });
      buffer.add(step(0, 2, 1));
      buffer.add(step(1, 4, 2));
      buffer.add(step(50, 8, 51)); // observation 50 is not the pending 2: the episode was cut after id 1
      buffer.add(step(51, 16, 52));
      buffer.add(step(52, 32, 53));
      expect(buffer.stats).toMatchObject({ cuts: 1, transitions: 5, slots: 6, sampleable: 3 });
      const table = { 0: [2 + 4 / 2, 1 / 4, 2], 1: [4, 1 / 2, 2], 50: [8 + 16 / 2, 1 / 4, 52] } as const;
      expect(expectRowsFromTable(buffer, table, 3).size).toBe(3);
    });

    it('should not sample a transition until its n-step window is complete', () => {
      const buffer = new UniformReplayBuffer({ capacity: 16, observationShape: [1], observationDtype: 'float32', nStep: 3 });
      for (let id = 0; id < 3; id++) buffer.add(step(id, 1, id + 1));
      expect(buffer.canSample(1)).toBe(false);
      expect(() => buffer.sample(1, Rng.fromSeed(0))).toThrow(
        'sample(batchSize): expected at most the 0 transitions that can be sampled now, got 1. A transition can be sampled once its 3-step window is complete; 3 transitions are stored.',
      );
      buffer.add(step(3, 1, 4));
      expect(buffer.canSample(1)).toBe(true);
      expect(buffer.sample(1, Rng.fromSeed(0)).observations).toEqual(Float32Array.of(0));
    });

    it('should reject a batch size that is not a positive integer with a ConfigError', () => {
      const buffer = new UniformReplayBuffer({ capacity: 16, observationShape: [1], observationDtype: 'float32' });
      buffer.add(step(0, 1, 1, 'terminated'));
      expect(() => buffer.sample(0, Rng.fromSeed(0))).toThrow('sample(batchSize): expected an integer >= 1, got 0.');
      expect(() => buffer.sample(1.5, Rng.fromSeed(0))).toThrow(ConfigError);
    });

    it('should draw the same batch from the same stream state, and another from another stream', () => {
      const buffer = new UniformReplayBuffer({ capacity: 128, observationShape: [1], observationDtype: 'float32' });
      for (let id = 0; id < 100; id++) buffer.add(step(id, id, id + 1));
      const a = buffer.sample(32, Rng.fromSeed(4).split('replay'));
      const b = buffer.sample(32, Rng.fromSeed(4).split('replay'));
      const c = buffer.sample(32, Rng.fromSeed(5).split('replay'));
      expect(b).toEqual(a);
      expect(c.indices).not.toEqual(a.indices);
      expect(a.weights).toEqual(new Float32Array(32).fill(1));
      expect(a.probabilities).toEqual(new Float32Array(32).fill(1 / 99));
    });

    it('should draw every sampleable transition equally often (chi-square at a fixed seed)', () => {
      const buffer = new UniformReplayBuffer({ capacity: 64, observationShape: [1], observationDtype: 'float32', nStep: 1 });
      // Episodes of 4 steps: final observations and windows leave holes the sampler must skip.
      let id = 0;
      for (let e = 0; e < 5; e++) for (let t = 0; t < 4; t++, id++) buffer.add(step(id, 0, t === 3 ? -1 : id + 1, t === 3 ? 'terminated' : ''));
      expect(buffer.stats.sampleable).toBe(20);
      const counts = new Map<number, number>();
      const rng = Rng.fromSeed(23);
      for (let d = 0; d < 200; d++) for (const r of rows(buffer.sample(20, rng))) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
      const expected = 4000 / 20;
      let chiSquare = 0;
      for (let k = 0; k < 20; k++) chiSquare += ((counts.get(k) ?? 0) - expected) ** 2 / expected;
      expect(counts.size).toBe(20);
      expect(chiSquare).toBeLessThan(43.82); // chi-square(19) at p = 0.001
    });
  });

  describe('.add', () => {
    it('should reject observations of the wrong dtype or length with a ReplayError naming them, and change nothing', () => {
      const buffer = new UniformReplayBuffer({ capacity: 8, observationShape: [2, 2], observationDtype: 'uint8' });
      const good = { observation: new Uint8Array(4), action: 0, reward: 0, nextObservation: new Uint8Array(4), terminated: false, truncated: false };
      expect(() => buffer.add({ ...good, observation: new Float32Array(4) })).toThrow(
        new ReplayError({ field: 'add(transition).observation', value: new Float32Array(4), expected: 'a Uint8Array of 4 values (shape [2, 2], uint8)' }),
      );
      expect(() => buffer.add({ ...good, nextObservation: new Uint8Array(5) })).toThrow('add(transition).nextObservation: expected a Uint8Array of 4 values (shape [2, 2], uint8), got Uint8Array(5).');
      expect(() => buffer.add({ ...good, action: 1.5 })).toThrow('add(transition).action: expected an integer (int32), got 1.5.');
      expect(() => buffer.add({ ...good, reward: Number.NaN })).toThrow('add(transition).reward: expected a finite number, got NaN.');
      expect(() => buffer.add({ ...good, terminated: 1 as never })).toThrow(ReplayError);
      expect(buffer.size).toBe(0);
      expect(buffer.stats.slots).toBe(0);
    });

    it('should copy observations, so the caller may reuse its arrays', () => {
      const buffer = new UniformReplayBuffer({ capacity: 8, observationShape: [1], observationDtype: 'float32' });
      const o = Float32Array.of(1);
      const n = Float32Array.of(2);
      buffer.add({ observation: o, action: 0, reward: 0, nextObservation: n, terminated: true, truncated: false });
      o[0] = 7;
      n[0] = 8;
      const batch = buffer.sample(1, Rng.fromSeed(0));
      expect([batch.observations[0], batch.nextObservations[0]]).toEqual([1, 2]);
    });
  });

  describe('.bytesPerTransition', () => {
    it('should store uint8 observations at one byte per value', () => {
      const buffer = new UniformReplayBuffer({ capacity: 1000, observationShape: [10, 10, 4], observationDtype: 'uint8' });
      expect(buffer.bytesPerTransition).toBeCloseTo(400 + 4 + 4 + 1 + 0.4, 6);
      for (let id = 0; id < 10; id++) {
        buffer.add({ observation: new Uint8Array(400).fill(id), action: 0, reward: 0, nextObservation: new Uint8Array(400).fill(id + 1), terminated: false, truncated: false });
      }
      expect(buffer.stats.allocatedBytes).toBe(1000 * 400 + 1000 * 9);
    });
  });
});
