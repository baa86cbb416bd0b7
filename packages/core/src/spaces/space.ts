import type { Rng } from '../rng/rng';

/** Element types a space can hold; they map one to one onto typed arrays. */
export type DType = 'float32' | 'float64' | 'uint8' | 'int32';

/** The typed array that stores values of each {@link DType}. */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  uint8: Uint8Array;
  int32: Int32Array;
}

/** Any typed array a space or a buffer hands out. */
export type TypedArray = Float32Array | Float64Array | Uint8Array | Int32Array;

/**
 * A set of valid observations or actions (Gymnasium's `Space`). Spaces are immutable and
 * describe data; they never hold tensors.
 */
export interface Space<T> {
  /** `discrete` or `box`; lets code switch on the kind without `instanceof`. */
  readonly kind: 'discrete' | 'box';
  /** Shape of one element (`[]` for a discrete action). */
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Whether `value` is an element of the space. Never throws. */
  contains(value: unknown): value is T;
  /** A uniform element, drawn from `rng`. */
  sample(rng: Rng): T;
  /** A JSON description, e.g. for `prunerl envs`. */
  toJSON(): Record<string, unknown>;
}

/** Creates the typed array for `dtype`. */
export function typedArrayFor(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'uint8':
      return new Uint8Array(length);
    case 'int32':
      return new Int32Array(length);
  }
}

/** The {@link DType} a typed array stores, or `undefined` for other values. */
export function dtypeOf(value: unknown): DType | undefined {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Float64Array) return 'float64';
  if (value instanceof Uint8Array) return 'uint8';
  if (value instanceof Int32Array) return 'int32';
  return undefined;
}

/** Number of elements of a shape (1 for `[]`). */
export function sizeOfShape(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}
