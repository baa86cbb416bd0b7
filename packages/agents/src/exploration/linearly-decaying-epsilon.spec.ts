import { linearlyDecayingEpsilon } from './linearly-decaying-epsilon';

describe('linearlyDecayingEpsilon', () => {
  it('should stay at 1 during warm-up, decay linearly, then hold the final value', () => {
    const eps = (step: number): number => linearlyDecayingEpsilon(1000, step, 500, 0.1);
    expect(eps(0)).toBe(1);
    expect(eps(500)).toBe(1);
    expect(eps(1000)).toBeCloseTo(0.55, 12);
    expect(eps(1250)).toBeCloseTo(0.325, 12);
    expect(eps(1500)).toBeCloseTo(0.1, 12);
    expect(eps(100_000)).toBeCloseTo(0.1, 12);
  });

  it('should match Dopamine at the Atari settings', () => {
    // decay 250k, warm-up 20k, final 0.01: halfway through the decay epsilon is 0.505.
    expect(linearlyDecayingEpsilon(250_000, 145_000, 20_000, 0.01)).toBeCloseTo(0.505, 12);
  });
});
