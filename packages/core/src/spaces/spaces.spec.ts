import { EnvironmentError } from '../errors/environment-error';
import { checkAction } from './action';
import { inputScaleOf } from './input-scale';
import { ConfigError } from '../errors/config-error';
import { Rng } from '../rng/rng';
import { Box } from './box';
import { Discrete } from './discrete';
import { isBox, isDiscrete } from './space-kinds';

describe('Discrete', () => {
  describe('.contains', () => {
    it('should accept exactly the integers start..start+n-1', () => {
      const space = new Discrete(3, 1);
      expect([0, 1, 2, 3, 4, 1.5, '1', Number.NaN].map((v) => space.contains(v))).toEqual([
        false, true, true, true, false, false, false, false,
      ]);
    });
  });

  describe('.sample', () => {
    it('should draw every element and only elements', () => {
      const space = new Discrete(4);
      const rng = Rng.fromSeed(0);
      const seen = new Set<number>();
      for (let i = 0; i < 500; i++) seen.add(space.sample(rng));
      expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    });
  });

  it('should reject a non-positive n with a ConfigError naming the field', () => {
    expect(() => new Discrete(0)).toThrow(ConfigError);
    expect(() => new Discrete(0)).toThrow(/Discrete\.n: expected an integer >= 1, got 0/);
  });
});

describe('Box', () => {
  const box = new Box({ low: 0, high: 1, shape: [2, 3], dtype: 'uint8' });

  describe('.contains', () => {
    it('should check dtype, size and bounds', () => {
      expect(box.contains(new Uint8Array(6))).toBe(true);
      expect(box.contains(Uint8Array.of(0, 1, 1, 0, 2, 0))).toBe(false);
      expect(box.contains(new Uint8Array(5))).toBe(false);
      expect(box.contains(new Float32Array(6))).toBe(false);
      expect(box.contains([0, 0, 0, 0, 0, 0])).toBe(false);
    });

    it('should use per-element bounds', () => {
      const b = new Box({ low: [-1, 0], high: [1, 10], shape: [2], dtype: 'float64' });
      expect(b.contains(Float64Array.of(-1, 10))).toBe(true);
      expect(b.contains(Float64Array.of(-1, 11))).toBe(false);
      expect(b.contains(Float64Array.of(Number.NaN, 1))).toBe(false);
    });
  });

  describe('.sample', () => {
    it('should draw elements of the space, also with infinite bounds', () => {
      const rng = Rng.fromSeed(1);
      const open = new Box({ low: [-Infinity, 0, -Infinity], high: [Infinity, Infinity, 5], shape: [3], dtype: 'float32' });
      for (let i = 0; i < 200; i++) {
        expect(box.contains(box.sample(rng))).toBe(true);
        expect(open.contains(open.sample(rng))).toBe(true);
      }
    });
  });

  it('should describe itself as JSON', () => {
    expect(box.toJSON()).toEqual({ kind: 'box', shape: [2, 3], dtype: 'uint8', low: 0, high: 1 });
  });

  it('should reject bad shapes, dtypes and bounds with ConfigErrors naming the field', () => {
    expect(() => new Box({ low: 0, high: 1, shape: [0], dtype: 'float32' })).toThrow(/Box\.shape/);
    expect(() => new Box({ low: 0, high: 1, shape: [1], dtype: 'int8' as never })).toThrow(/Box\.dtype/);
    expect(() => new Box({ low: [0, 0], high: 1, shape: [3], dtype: 'float32' })).toThrow(/Box\.low: expected a number or 3 numbers/);
    expect(() => new Box({ low: 2, high: 1, shape: [1], dtype: 'float32' })).toThrow(/Box\.low\[0\]/);
  });
});

describe(inputScaleOf.name, () => {
  it('should divide 0-255 frames by 255 and leave 0/1 planes and floats as they are', () => {
    expect(inputScaleOf(new Box({ low: 0, high: 255, shape: [84, 84, 4], dtype: 'uint8' }))).toBe(1 / 255);
    expect(inputScaleOf(new Box({ low: 0, high: 1, shape: [10, 10, 4], dtype: 'uint8' }))).toBe(1);
    expect(inputScaleOf(new Box({ low: -4.8, high: 4.8, shape: [4], dtype: 'float32' }))).toBe(1);
    expect(inputScaleOf(new Box({ low: 0, high: [1, 15], shape: [2], dtype: 'int32' }))).toBe(1 / 15);
    // Signed integers are not pixel intensities: no scaling.
    expect(inputScaleOf(new Box({ low: -3, high: 3, shape: [2], dtype: 'int32' }))).toBe(1);
  });
});

describe('isDiscrete and isBox', () => {
  it('should tell the kind of a space by its kind, also for a copy from another core', () => {
    const discrete = new Discrete(6);
    const box = new Box({ low: 0, high: 1, shape: [2], dtype: 'float32' });
    expect([isDiscrete(discrete), isBox(discrete), isDiscrete(box), isBox(box)]).toEqual([true, false, false, true]);
    const copy = { ...discrete.toJSON(), shape: [], dtype: 'int32', contains: () => true, sample: () => 0, toJSON: () => ({}) } as never;
    expect(isDiscrete(copy)).toBe(true);
  });
});

describe(checkAction, () => {
  const box = new Box({ low: -2, high: 2, shape: [2], dtype: 'float32' });

  it('should accept a finite Float32Array of the box size, out-of-bound entries included', () => {
    expect(() => checkAction(box, Float32Array.of(0.5, -7))).not.toThrow();
  });

  it('should refuse a wrong shape, a wrong type and NaN, naming the field and the element', () => {
    expect(() => checkAction(box, Float32Array.of(1))).toThrow(EnvironmentError);
    expect(() => checkAction(box, Float32Array.of(1))).toThrow(/^step\(action\): expected a Float32Array of 2 values \(shape \[2\]\)/);
    expect(() => checkAction(box, [1, 2])).toThrow(/step\(action\): expected a Float32Array of 2 values/);
    expect(() => checkAction(box, Float32Array.of(1, Number.NaN))).toThrow(/^step\(action\)\[1\]: expected a finite number, got NaN/);
    expect(() => checkAction(box, Float32Array.of(Infinity, 0), 'act')).toThrow(/^act\[0\]: expected a finite number/);
  });

  it('should check discrete actions against the space', () => {
    expect(() => checkAction(new Discrete(3), 2)).not.toThrow();
    expect(() => checkAction(new Discrete(3), 3)).toThrow(/step\(action\): expected an action of Discrete\(3\)/);
  });
});
