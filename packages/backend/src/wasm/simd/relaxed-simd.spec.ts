import { enableRelaxedSimd, engineHasRelaxedSimd } from './relaxed-simd';

describe('relaxed SIMD', () => {
  it('should be available on this Node once enabled (Node 20 and 21: behind a V8 flag prunerl may set)', () => {
    expect(enableRelaxedSimd(true)).toBe(true);
    expect(engineHasRelaxedSimd()).toBe(true);
    // Once on, it stays on whatever a later caller allows.
    expect(enableRelaxedSimd(false)).toBe(true);
  });
});
