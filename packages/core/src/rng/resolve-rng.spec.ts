import { ConfigError } from '../errors/config-error';
import { resolveRng } from './resolve-rng';
import { Rng } from './rng';

describe('resolveRng', () => {
  it('should hand back the given stream', () => {
    const rng = Rng.fromSeed(1).split('x');
    expect(resolveRng({ rng, seed: 5 }, 'owner', 'pruning')).toBe(rng);
  });

  it('should split the named stream from the seed (default 0) when no stream is given', () => {
    expect(resolveRng({ seed: 3 }, 'owner', 'pruning').uniform()).toBe(Rng.fromSeed(3).split('pruning').uniform());
    expect(resolveRng({}, 'redo', 'redo').uniform()).toBe(Rng.fromSeed(0).split('redo').uniform());
  });

  it('should name the owner in the error for a bad seed', () => {
    expect(() => resolveRng({ seed: -1 }, 'gmp', 'pruning')).toThrow(ConfigError);
    expect(() => resolveRng({ seed: 1.5 }, 'gmp', 'pruning')).toThrow('gmp.seed');
  });
});
