import { ConfigError } from '../errors/config-error';
import type { Rng } from '../rng/rng';
import { dtypeOf, sizeOfShape, typedArrayFor, type DType, type Space, type TypedArray, type TypedArrayOf } from './space';

/** Options of a {@link Box}. Bounds are a scalar for every element, or one value per element. */
export interface BoxOptions<D extends DType> {
  readonly low: number | ArrayLike<number>;
  readonly high: number | ArrayLike<number>;
  readonly shape: readonly number[];
  readonly dtype: D;
}

/**
 * A box in R^n (Gymnasium's `Box`): elements are typed arrays of `dtype` with `size(shape)` entries,
 * each within its `[low, high]`. Infinite bounds are allowed for floats.
 */
export class Box<D extends DType = DType> implements Space<TypedArrayOf[D]> {
  readonly kind = 'box' as const;
  readonly shape: readonly number[];
  readonly dtype: D;
  readonly size: number;
  readonly low: Float64Array;
  readonly high: Float64Array;

  constructor(options: BoxOptions<D>) {
    const { shape, dtype } = options;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ConfigError({ field: 'Box.shape', value: shape, expected: 'an array of positive integers' });
    }
    if (!['float32', 'float64', 'uint8', 'int32'].includes(dtype)) {
      throw new ConfigError({ field: 'Box.dtype', value: dtype, expected: 'one of "float32", "float64", "uint8", "int32"' });
    }
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOfShape(shape);
    this.low = this.expandBound('low', options.low);
    this.high = this.expandBound('high', options.high);
    for (let i = 0; i < this.size; i++) {
      if (!(this.low[i]! <= this.high[i]!)) {
        throw new ConfigError({
          field: `Box.low[${i}]`,
          value: this.low[i],
          expected: `a value <= high[${i}] = ${this.high[i]}`,
        });
      }
    }
  }

  contains(value: unknown): value is TypedArrayOf[D] {
    if (dtypeOf(value) !== this.dtype) return false;
    const array = value as TypedArray;
    if (array.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = array[i]!;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return false;
    }
    return true;
  }

  /**
   * A uniform element for bounded dimensions; unbounded float dimensions are drawn from a normal
   * (as Gymnasium does), half-bounded ones from a shifted exponential.
   */
  sample(rng: Rng): TypedArrayOf[D] {
    const out = typedArrayFor(this.dtype, this.size) as TypedArrayOf[D];
    const integer = this.dtype === 'uint8' || this.dtype === 'int32';
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      let v: number;
      if (integer) {
        v = rng.uniformInt(Math.ceil(lo), Math.floor(hi) + 1);
      } else if (Number.isFinite(lo) && Number.isFinite(hi)) {
        v = lo + (hi - lo) * rng.uniform();
      } else if (Number.isFinite(lo)) {
        v = lo - Math.log(1 - rng.uniform());
      } else if (Number.isFinite(hi)) {
        v = hi + Math.log(1 - rng.uniform());
      } else {
        v = rng.normal();
      }
      out[i] = v;
    }
    return out;
  }

  toJSON(): Record<string, unknown> {
    const compact = (a: Float64Array): number | number[] => (a.every((v) => v === a[0]) ? a[0]! : Array.from(a));
    return { kind: this.kind, shape: [...this.shape], dtype: this.dtype, low: compact(this.low), high: compact(this.high) };
  }

  toString(): string {
    const j = this.toJSON();
    return `Box(${JSON.stringify(j.low)}, ${JSON.stringify(j.high)}, (${this.shape.join(', ')}), ${this.dtype})`;
  }

  private expandBound(name: 'low' | 'high', bound: number | ArrayLike<number>): Float64Array {
    if (typeof bound === 'number') {
      if (Number.isNaN(bound)) throw new ConfigError({ field: `Box.${name}`, value: bound, expected: 'a number, not NaN' });
      return new Float64Array(this.size).fill(bound);
    }
    if (bound === null || typeof bound !== 'object' || bound.length !== this.size) {
      throw new ConfigError({ field: `Box.${name}`, value: bound, expected: `a number or ${this.size} numbers` });
    }
    return Float64Array.from(bound);
  }
}
