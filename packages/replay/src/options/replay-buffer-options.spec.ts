import { ConfigError } from '@prunerl/core';
import { resolvePrioritizedOptions, resolveReplayOptions } from './replay-buffer-options';

describe('resolveReplayOptions', () => {
  it('should fill in the defaults (n = 1, gamma = 0.99, no stacking, zero padding)', () => {
    expect(resolveReplayOptions('X', { capacity: 10, observationShape: [2, 3], observationDtype: 'uint8' })).toEqual({
      capacity: 10,
      observationShape: [2, 3],
      observationDtype: 'uint8',
      nStep: 1,
      gamma: 0.99,
      frameStack: 1,
      stackPadding: 'zeros',
      observationSize: 6,
      slotSize: 6,
      actionSize: 0,
    });
  });

  it('should size a slot as one frame when stacking', () => {
    expect(resolveReplayOptions('X', { capacity: 10, observationShape: [84, 84, 4], observationDtype: 'uint8', frameStack: 4 }).slotSize).toBe(7056);
  });

  it('should refuse a capacity above 2^31 - 1 and a non-object', () => {
    expect(() => resolveReplayOptions('X', { capacity: 2 ** 31, observationShape: [1], observationDtype: 'uint8' })).toThrow(ConfigError);
    expect(() => resolveReplayOptions('X', null as never)).toThrow('X options: expected an options object, got null.');
  });
});

describe('resolvePrioritizedOptions', () => {
  it("should default to Dopamine's exponents (alpha 1 on the priorities given, beta 1/2)", () => {
    expect(resolvePrioritizedOptions('P', { capacity: 10, observationShape: [1], observationDtype: 'float32' })).toMatchObject({ priorityExponent: 1, importanceExponent: 0.5 });
  });

  it('should refuse a non-positive priority exponent and a negative importance exponent', () => {
    expect(() => resolvePrioritizedOptions('P', { capacity: 10, observationShape: [1], observationDtype: 'float32', priorityExponent: 0 })).toThrow('priorityExponent: expected a finite number > 0, got 0.');
    expect(() => resolvePrioritizedOptions('P', { capacity: 10, observationShape: [1], observationDtype: 'float32', importanceExponent: -1 })).toThrow(ConfigError);
  });
});
