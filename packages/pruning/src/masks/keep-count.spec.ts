import { keepCount, roundHalfEven } from './keep-count';

describe('roundHalfEven', () => {
  it('should round halves to the even neighbour, as numpy does', () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, 0, -2]);
  });

  it('should round other values to the nearest integer', () => {
    expect([0.49, 0.51, 2.4999, 7.6, -2.6].map(roundHalfEven)).toEqual([0, 1, 2, 8, -3]);
  });
});

describe('keepCount', () => {
  it('should keep round(N (1 - s)) entries', () => {
    expect(keepCount(100, 0.95)).toBe(5);
    expect(keepCount(1000, 0.9)).toBe(100);
    expect(keepCount(10, 0.25)).toBe(8); // 7.5 rounds to the even 8
    expect(keepCount(10, 0.35)).toBe(6); // 6.5 rounds to the even 6
  });

  it('should keep everything at sparsity 0 and at least one entry at sparsity 1', () => {
    expect(keepCount(7, 0)).toBe(7);
    expect(keepCount(7, 1)).toBe(1);
    expect(keepCount(1000, 0.9999)).toBe(1);
  });
});
