import { Rng } from '@prunerl/core';
import { RngRandomSource } from './rng-random-source';

describe(RngRandomSource, () => {
  describe('.seed', () => {
    it("should switch to the stream Rng.fromSeed(seed).split('environment')", () => {
      const source = new RngRandomSource();
      source.seed(42);
      const expected = Rng.fromSeed(42).split('environment');
      expect([source.random(), source.randint(0, 6), source.random()]).toEqual([expected.uniform(), expected.uniformInt(0, 6), expected.uniform()]);
    });
  });

  describe('.randint', () => {
    it('should draw integers in [low, high)', () => {
      const source = new RngRandomSource(Rng.fromSeed(1));
      const seen = new Set<number>();
      for (let i = 0; i < 400; i++) seen.add(source.randint(1, 9));
      expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
  });

  it('should use the stream it was given', () => {
    const source = new RngRandomSource(Rng.fromSeed(5).split('x'));
    expect(source.random()).toBe(Rng.fromSeed(5).split('x').uniform());
    expect(source.stream.path).toBe('root/x');
  });
});
