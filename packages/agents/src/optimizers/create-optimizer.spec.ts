import { ConfigError } from '@prunerl/core';
import { AdamOptimizer } from './adam-optimizer';
import { createOptimizer } from './create-optimizer';
import { RMSPropOptimizer } from './rmsprop-optimizer';

describe('createOptimizer', () => {
  it('should build each kind with its options', () => {
    const adam = createOptimizer({ kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4 });
    expect(adam).toBeInstanceOf(AdamOptimizer);
    expect((adam as AdamOptimizer).epsilon).toBe(3.125e-4);
    const centered = createOptimizer({ kind: 'rmsprop-centered', epsilon: 0.01 });
    expect(centered).toBeInstanceOf(RMSPropOptimizer);
    expect((centered as RMSPropOptimizer).centered).toBe(true);
    expect((createOptimizer({ kind: 'rmsprop' }) as RMSPropOptimizer).centered).toBe(false);
    [adam, centered].forEach((o) => o.dispose());
  });

  it('should name the bad field', () => {
    expect(() => createOptimizer({ kind: 'sgd' } as never)).toThrow(/optimizer.kind: expected one of "adam"/);
    expect(() => createOptimizer({ kind: 'adam', learningRate: -1 })).toThrow(ConfigError);
    expect(() => createOptimizer({ kind: 'rmsprop', centered: true } as never)).toThrow(/optimizer.centered/);
    expect(() => createOptimizer(null as never)).toThrow(ConfigError);
  });
});
