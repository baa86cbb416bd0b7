import { ReplayError, Rng, type Transition, type TypedArray } from '@prunerl/core';
import { PrioritizedReplayBuffer } from './prioritized-replay-buffer';

function step(id: number, end = false): Transition<TypedArray> {
  return { observation: Float32Array.of(id), action: id, reward: 0, nextObservation: Float32Array.of(end ? -1 : id + 1), terminated: end, truncated: false };
}

/** A buffer holding one terminated episode of `length` 1-step transitions, transition k in slot k. */
function episodeBuffer(length: number, options: { priorityExponent?: number; importanceExponent?: number; capacity?: number } = {}): PrioritizedReplayBuffer {
  const buffer = new PrioritizedReplayBuffer({ capacity: options.capacity ?? 64, observationShape: [1], observationDtype: 'float32', nStep: 1, ...options });
  for (let id = 0; id < length; id++) buffer.add(step(id, id === length - 1));
  return buffer;
}

const slots = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

describe('PrioritizedReplayBuffer', () => {
  describe('.sample', () => {
    it('should draw transitions in proportion to their priorities (chi-square at a fixed seed)', () => {
      const buffer = episodeBuffer(20);
      const priorities = Float32Array.from({ length: 20 }, (_, i) => 1 + (i % 7));
      buffer.updatePriorities(slots(20), priorities);
      const total = priorities.reduce((a, b) => a + b, 0);
      const counts = new Float64Array(20);
      const rng = Rng.fromSeed(2024).split('replay');
      const draws = 1000;
      for (let d = 0; d < draws; d++) {
        const batch = buffer.sample(16, rng);
        for (let i = 0; i < 16; i++) {
          counts[batch.indices[i]!]!++;
          expect(batch.probabilities[i]).toBeCloseTo(priorities[batch.indices[i]!]! / total, 7);
        }
      }
      const n = draws * 16;
      let chiSquare = 0;
      let chiSquareIfUniform = 0;
      for (let i = 0; i < 20; i++) {
        const expected = (n * priorities[i]!) / total;
        chiSquare += (counts[i]! - expected) ** 2 / expected;
        chiSquareIfUniform += (counts[i]! - n / 20) ** 2 / (n / 20);
      }
      expect(chiSquare).toBeLessThan(43.82); // chi-square(19) at p = 0.001
      expect(chiSquareIfUniform).toBeGreaterThan(1000); // the test can tell priorities from uniform draws
    });

    it('should weight the loss by P^-beta normalised by the batch maximum (beta = 1/2 by default)', () => {
      const buffer = episodeBuffer(4);
      buffer.updatePriorities(slots(4), Float32Array.of(1, 4, 9, 16)); // P = 1/30, 4/30, 9/30, 16/30
      // 1/sqrt(P) is proportional to 1, 1/2, 1/3, 1/4.
      const rng = Rng.fromSeed(6);
      let checked = 0;
      for (let d = 0; d < 50; d++) {
        const batch = buffer.sample(4, rng);
        const largest = Math.max(...Array.from(batch.indices, (i) => 1 / (i + 1)));
        for (let k = 0; k < 4; k++) {
          expect(batch.weights[k]).toBeCloseTo(1 / (batch.indices[k]! + 1) / largest, 6);
          checked++;
        }
        expect(Math.max(...batch.weights)).toBe(1);
      }
      expect(checked).toBe(200);
    });

    it('should use the importanceExponent given (beta = 1: weights min P / P; beta = 0: all ones)', () => {
      for (const [beta, weight] of [
        [1, (p: number, min: number) => min / p],
        [0, () => 1],
      ] as const) {
        const buffer = episodeBuffer(4, { importanceExponent: beta });
        buffer.updatePriorities(slots(4), Float32Array.of(1, 2, 3, 4));
        const batch = buffer.sample(4, Rng.fromSeed(1));
        const min = Math.min(...batch.probabilities);
        batch.weights.forEach((w, k) => expect(w).toBeCloseTo(weight(batch.probabilities[k]!, min), 6));
      }
    });

    it('should fall back to uniform draws with unit weights when every priority is zero', () => {
      const buffer = episodeBuffer(8);
      buffer.updatePriorities(slots(8), new Float32Array(8));
      const batch = buffer.sample(8, Rng.fromSeed(3));
      expect(batch.weights).toEqual(new Float32Array(8).fill(1));
      expect(batch.probabilities).toEqual(new Float32Array(8).fill(1 / 8));
    });
  });

  describe('.updatePriorities', () => {
    it('should store p^alpha and let new transitions enter at the largest priority recorded', () => {
      const buffer = new PrioritizedReplayBuffer({ capacity: 32, observationShape: [1], observationDtype: 'float32', priorityExponent: 0.5 });
      for (let id = 0; id < 4; id++) buffer.add(step(id));
      expect(buffer.maxRecordedPriority).toBe(1);
      expect([0, 1, 2].map((s) => buffer.priorityOf(s))).toEqual([1, 1, 1]);
      expect(buffer.priorityOf(3)).toBe(0); // its window is not complete
      buffer.updatePriorities(Int32Array.of(0, 1), Float64Array.of(49, 0.25));
      expect([buffer.priorityOf(0), buffer.priorityOf(1)]).toEqual([7, 0.5]);
      expect(buffer.maxRecordedPriority).toBe(7);
      buffer.add(step(4)); // completes transition 3
      expect(buffer.priorityOf(3)).toBe(7);
      buffer.updatePriorities(Int32Array.of(0), Float64Array.of(1));
      expect(buffer.maxRecordedPriority).toBe(7); // never decreases
    });

    it('should zero the priority of overwritten slots and skip updates to them', () => {
      const buffer = new PrioritizedReplayBuffer({ capacity: 6, observationShape: [1], observationDtype: 'float32' });
      for (let id = 0; id < 5; id++) buffer.add(step(id, id === 4)); // slots 0-4, final observation in 5
      buffer.add(step(10)); // overwrites slot 0
      expect(buffer.priorityOf(0)).toBe(0);
      buffer.updatePriorities(Int32Array.of(0, 5), Float32Array.of(100, 100));
      expect([buffer.priorityOf(0), buffer.priorityOf(5)]).toEqual([0, 0]);
      expect(buffer.maxRecordedPriority).toBe(1);
      const rng = Rng.fromSeed(2);
      for (let d = 0; d < 20; d++) expect(Array.from(buffer.sample(4, rng).indices).every((i) => i >= 1 && i <= 4)).toBe(true);
    });

    it('should reject bad indices and priorities with ReplayErrors and change nothing', () => {
      const buffer = episodeBuffer(4);
      expect(() => buffer.updatePriorities(Int32Array.of(0, 1), Float32Array.of(1))).toThrow(ReplayError);
      expect(() => buffer.updatePriorities(Int32Array.of(0, 64), Float32Array.of(2, 2))).toThrow('updatePriorities(indices)[1]: expected a slot index in [0, 64), got 64.');
      expect(() => buffer.updatePriorities(Int32Array.of(0, 1), Float32Array.of(2, -1))).toThrow('updatePriorities(priorities)[1]: expected a finite number >= 0, got -1.');
      expect(() => buffer.updatePriorities(Int32Array.of(0), Float32Array.of(Number.NaN))).toThrow(ReplayError);
      expect(buffer.priorityOf(0)).toBe(1);
      expect(buffer.maxRecordedPriority).toBe(1);
    });
  });
});
