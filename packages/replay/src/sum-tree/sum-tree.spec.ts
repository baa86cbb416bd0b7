import { ConfigError, Rng } from '@prunerl/core';
import { SumTree } from './sum-tree';

describe('SumTree', () => {
  describe('.set', () => {
    it('should keep every inner node equal to the sum of its leaves', () => {
      const tree = new SumTree(5);
      [0.5, 1, 0.5, 0.5, 2].forEach((v, i) => tree.set(i, v));
      expect(tree.total).toBe(4.5);
      tree.set(4, 0);
      expect(tree.total).toBe(2.5);
      expect(tree.get(1)).toBe(1);
    });

    it('should reject negative and non-finite values with a ConfigError', () => {
      const tree = new SumTree(4);
      expect(() => tree.set(0, -1)).toThrow(ConfigError);
      expect(() => tree.set(0, Number.NaN)).toThrow('SumTree.set(value): expected a finite number >= 0, got NaN.');
      expect(() => tree.set(0, Infinity)).toThrow(ConfigError);
    });

    it('should not drift after many updates (ancestors are recomputed, not patched)', () => {
      const tree = new SumTree(1000);
      const rng = Rng.fromSeed(3);
      for (let k = 0; k < 20_000; k++) tree.set(rng.uniformInt(0, 1000), rng.uniform() * 1e6);
      for (let i = 0; i < 1000; i++) tree.set(i, 0);
      expect(tree.total).toBe(0);
    });
  });

  describe('.find', () => {
    it('should return the leaf whose cumulative range holds the target', () => {
      const tree = new SumTree(4);
      [1, 0, 3, 2].forEach((v, i) => tree.set(i, v));
      expect([0, 0.999, 1, 3.999, 4, 5.999].map((u) => tree.find(u))).toEqual([0, 0, 2, 2, 3, 3]);
    });

    it('should agree with a linear scan on random trees and never return an empty leaf', () => {
      const rng = Rng.fromSeed(5);
      for (const capacity of [1, 2, 7, 64, 1000]) {
        const tree = new SumTree(capacity);
        const values = Array.from({ length: capacity }, () => (rng.bernoulli(0.3) ? 0 : rng.uniform()));
        values[capacity - 1] = 0.25;
        values.forEach((v, i) => tree.set(i, v));
        for (let k = 0; k < 300; k++) {
          const u = rng.uniform() * tree.total;
          let index = 0;
          let cumulative = values[0]!;
          while (cumulative <= u) cumulative += values[++index]!;
          expect(tree.find(u)).toBe(index);
        }
        // Targets at or beyond the total land on the last non-empty leaf.
        expect(tree.find(tree.total)).toBe(capacity - 1);
      }
    });
  });

  describe('.stratifiedSample', () => {
    it('should draw one leaf per equal segment of the total', () => {
      const tree = new SumTree(8);
      for (let i = 0; i < 8; i++) tree.set(i, 1);
      const out = tree.stratifiedSample(8, Rng.fromSeed(1), new Int32Array(8));
      expect(Array.from(out)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const halves = tree.stratifiedSample(2, Rng.fromSeed(2), new Int32Array(2));
      expect(halves[0]).toBeLessThan(4);
      expect(halves[1]).toBeGreaterThanOrEqual(4);
    });
  });

  describe('.setLeaves', () => {
    it('should rebuild the same tree as leaf-by-leaf updates', () => {
      const a = new SumTree(37);
      const rng = Rng.fromSeed(9);
      const values = Float64Array.from({ length: 30 }, () => rng.uniform());
      values.forEach((v, i) => a.set(i, v));
      const b = new SumTree(37);
      b.set(36, 5);
      b.setLeaves(values);
      expect(b.total).toBe(a.total);
      expect(Array.from(b.leaves())).toEqual(Array.from(a.leaves()));
      for (const u of [0.1, 3.3, 9.9]) expect(b.find(u)).toBe(a.find(u));
    });
  });
});
