import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Serialisable tensor data: name -> shape, dtype and values. Checkpoints use it for weights,
 * optimiser moments and masks (the runner turns it into bytes).
 */
export interface TensorRecord {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
  readonly values: Float32Array | Int32Array | Uint8Array;
}

/** A set of named tensor records. */
export type NamedTensorRecords = Record<string, TensorRecord>;

/** Gradients by parameter name. */
export type NamedGradients = Map<string, Tensor>;
