import { ConfigError } from '@prunerl/core';
import { ErkDistribution } from './erk-distribution';
import { erkSparsities } from './erk-sparsities';
import { GlobalDistribution } from './global-distribution';
import { UniformDistribution } from './uniform-distribution';

describe('erkSparsities', () => {
  it('should scale densities by (sum of dims) / (product of dims) when no layer saturates', () => {
    // a: [10, 10], N = 100, p = 20/100 = 0.2;  b: [100, 10], N = 1000, p = 110/1000 = 0.11.
    // S = 0.5: rhs = (100 - 50) + (1000 - 500) = 550; divisor = 0.2 * 100 + 0.11 * 1000 = 130;
    // eps = 550 / 130; sparsity_a = 1 - 0.2 eps = 2/13, sparsity_b = 1 - 0.11 eps = 0.5346153846.
    const s = erkSparsities([{ name: 'a', shape: [10, 10] }, { name: 'b', shape: [100, 10] }], 0.5);
    expect(s.get('a')).toBeCloseTo(2 / 13, 12);
    expect(s.get('b')).toBeCloseTo(1 - (0.11 * 550) / 130, 12);
    // The number of kept weights equals that of a uniform 50%.
    expect(100 * (1 - s.get('a')!) + 1000 * (1 - s.get('b')!)).toBeCloseTo(550, 9);
  });

  it('should make a saturating layer dense and solve again (iterative densification)', () => {
    // S = 0.9. a: [2, 2] p = 1; b: [10, 100] p = 0.11; c: [20, 50] p = 0.07.
    // Pass 1: rhs = (4 - 3) + 100 + 100 = 201, divisor = 4 + 110 + 70 = 184, eps = 1.092 -> p_a eps > 1: a dense.
    // Pass 2: rhs = -3 + 100 + 100 = 197, divisor = 180, eps = 197/180.
    const s = erkSparsities(
      [
        { name: 'a', shape: [2, 2] },
        { name: 'b', shape: [10, 100] },
        { name: 'c', shape: [20, 50] },
      ],
      0.9,
    );
    expect(s.get('a')).toBe(0);
    expect(s.get('b')).toBeCloseTo(1 - (0.11 * 197) / 180, 12); // 0.8796111
    expect(s.get('c')).toBeCloseTo(1 - (0.07 * 197) / 180, 12); // 0.9233889
  });

  it('should include the kernel dimensions of convolutions', () => {
    // conv [3, 3, 4, 16]: N = 576, p = 26/576; dense [64, 64]: N = 4096, p = 128/4096.
    // S = 0.8: rhs = (576 - 460) + (4096 - 3276) = 936; divisor = 26 + 128 = 154; eps = 936/154.
    const s = erkSparsities([{ name: 'conv', shape: [3, 3, 4, 16] }, { name: 'dense', shape: [64, 64] }], 0.8);
    expect(s.get('conv')).toBeCloseTo(1 - (26 / 576) * (936 / 154), 12);
    expect(s.get('dense')).toBeCloseTo(1 - (128 / 4096) * (936 / 154), 12);
  });

  it("should reproduce PAPER.md's ERK table for the Impala ResNet (w = 1, 18 actions) at 95%", () => {
    const conv = (cin: number, cout: number): number[] => [3, 3, cin, cout];
    const tensors = [
      { name: 'stack1/conv', shape: conv(4, 16) },
      ...[1, 2, 3, 4].map((i) => ({ name: `stack1/res${i}`, shape: conv(16, 16) })),
      { name: 'stack2/conv', shape: conv(16, 32) },
      ...[1, 2, 3, 4].map((i) => ({ name: `stack2/res${i}`, shape: conv(32, 32) })),
      { name: 'stack3/conv', shape: conv(32, 32) },
      ...[1, 2, 3, 4].map((i) => ({ name: `stack3/res${i}`, shape: conv(32, 32) })),
      { name: 'dense', shape: [11 * 11 * 32, 512] },
      { name: 'head', shape: [512, 18] },
    ];
    const s = erkSparsities(tensors, 0.95);
    expect(s.get('stack1/conv')).toBeCloseTo(0.18, 2);
    expect(s.get('stack1/res1')).toBeCloseTo(0.7, 2);
    expect(s.get('stack2/res1')).toBeCloseTo(0.86, 2);
    expect(s.get('stack3/res4')).toBeCloseTo(0.86, 2);
    expect(s.get('dense')).toBeCloseTo(0.96, 2);
    expect(s.get('head')).toBe(0);
  });

  it('should leave custom sparsities out of the scaling', () => {
    const s = erkSparsities([{ name: 'a', shape: [10, 10] }, { name: 'b', shape: [100, 10] }], 0.5, { custom: { a: 0.3 } });
    expect(s.get('a')).toBe(0.3);
    expect(s.get('b')).toBeCloseTo(0.5, 12); // the only scaled tensor gets the target itself
  });

  it('should soften the allocation with a power scale below 1', () => {
    const tensors = [{ name: 'a', shape: [10, 10] }, { name: 'b', shape: [100, 10] }];
    const hard = erkSparsities(tensors, 0.5);
    const soft = erkSparsities(tensors, 0.5, { powerScale: 0.5 });
    expect(Math.abs(soft.get('a')! - soft.get('b')!)).toBeLessThan(Math.abs(hard.get('a')! - hard.get('b')!));
  });

  it('should refuse an empty list and bad targets', () => {
    expect(() => erkSparsities([], 0.5)).toThrow(ConfigError);
    expect(() => erkSparsities([{ name: 'a', shape: [2, 2] }], 1.5)).toThrow(/erk\(sparsity\)/);
  });
});

describe('ErkDistribution', () => {
  describe('.allocate', () => {
    it('should delegate to erkSparsities', () => {
      const tensors = [{ name: 'a', shape: [10, 10] }, { name: 'b', shape: [100, 10] }];
      expect(new ErkDistribution().allocate(tensors, 0.5)).toEqual(erkSparsities(tensors, 0.5));
      expect(new ErkDistribution().global).toBe(false);
    });
  });
});

describe('UniformDistribution', () => {
  describe('.allocate', () => {
    it('should give every tensor the target, or its custom value', () => {
      const tensors = [{ name: 'a', shape: [3, 3] }, { name: 'b', shape: [5, 2] }];
      expect(new UniformDistribution().allocate(tensors, 0.95)).toEqual(new Map([['a', 0.95], ['b', 0.95]]));
      expect(new UniformDistribution({ custom: { b: 0 } }).allocate(tensors, 0.95)).toEqual(new Map([['a', 0.95], ['b', 0]]));
    });
  });
});

describe('GlobalDistribution', () => {
  it('should ask for global ranking', () => {
    const d = new GlobalDistribution();
    expect(d.global).toBe(true);
    expect(d.normalize).toBe(false);
    expect(d.allocate([{ name: 'a', shape: [2, 2] }], 0.7)).toEqual(new Map([['a', 0.7]]));
  });
});
