import type { Rng } from '../rng/rng';

/** Fans of a kernel: dense `[in, out]` or conv `[kh, kw, in, out]` (receptive field times channels, as JAX). */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** The fans of a dense (`[in, out]`) or conv (`[kh, kw, in, out]`) kernel shape. */
export function fansOf(shape: readonly number[]): Fans {
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * (shape[shape.length - 2] ?? 1), fanOut: receptive * (shape[shape.length - 1] ?? 1) };
}

/**
 * Glorot/Xavier uniform values for a kernel of `shape` (Glorot & Bengio 2010; Flax's
 * `xavier_uniform`, i.e. `variance_scaling(1, 'fan_avg', 'uniform')`): U(-l, l) with
 * l = sqrt(6 / (fan_in + fan_out)), fans as {@link fansOf}. Dopamine's DQN networks initialise every
 * kernel with it and its ReDo re-initialises recycled weights with it, so networks and plasticity
 * hooks draw from this one definition. Plain numbers, no tensors: one `rng.uniform()` per value,
 * in order, so the same stream gives the same values everywhere.
 */
export function xavierUniform(shape: readonly number[], rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const { fanIn, fanOut } = fansOf(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * rng.uniform() - 1) * limit;
  return values;
}
