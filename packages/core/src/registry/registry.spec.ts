import { ConfigError } from '../errors/config-error';
import { pruners } from './registries';
import { Registry, registryOf } from './registry';

describe('Registry', () => {
  describe('.get', () => {
    it('should return the registered factory', () => {
      const registry = new Registry<() => number>('widgets');
      const factory = (): number => 1;
      registry.register('one', factory);
      expect(registry.get('one')).toBe(factory);
    });

    it('should list the known names when the name is unknown', () => {
      const registry = new Registry<() => number>('widgets');
      registry.register('b', () => 2);
      registry.register('a', () => 1);
      expect(() => registry.get('c')).toThrow(ConfigError);
      expect(() => registry.get('c')).toThrow('widgets: expected one of "a", "b", got "c".');
    });
  });

  describe('.register', () => {
    it('should refuse to replace an entry unless told to', () => {
      const registry = new Registry<number>('numbers');
      registry.register('x', 1);
      expect(() => registry.register('x', 2)).toThrow(/a name not registered yet/);
      registry.register('x', 3, { override: true });
      expect(registry.get('x')).toBe(3);
    });

    it('should refuse names that cannot appear in a config', () => {
      expect(() => new Registry<number>('numbers').register('has space', 1)).toThrow(ConfigError);
    });
  });
});

describe('registryOf', () => {
  it('should share one instance per kind through globalThis', () => {
    expect(registryOf('pruners')).toBe(pruners);
    const key = Symbol.for('@prunerl/core/registry/pruners');
    expect((globalThis as unknown as Record<symbol, unknown>)[key]).toBe(pruners);
  });
});
