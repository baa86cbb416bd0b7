import type * as tf from '@tensorflow/tfjs-core';
import { initialBias, initialKernel, type InitializerName } from '../init/initializer';
import type { ForwardContext } from './forward-context';
import { denseLayer } from './layer-kernels';
import type { ParameterStore } from './parameter-store';

/** Activation applied by a layer after its affine map. */
export type Activation = 'relu' | 'linear';

/** A fully connected layer `[B, in] -> [B, out]`, plain or NoisyNet. */
export interface DenseLike {
  /** Layer name, e.g. `torso/dense`. */
  readonly name: string;
  readonly inputSize: number;
  readonly units: number;
  apply(x: tf.Tensor2D, activation: Activation, context: ForwardContext): tf.Tensor2D;
}

/**
 * A dense layer y = act(x W + b), kernel `[in, out]`, bias `[out]`.
 *
 * The kernel is stored `[in, out]` so the forward product needs no transpose (wasm's matMul with a
 * transpose flag is the slow path); the matMul, bias and ReLU run as one fused kernel, which
 * where the backend registers core's `DENSE_LAYER_KERNEL` is also one tape node in training.
 */
export class DenseLayer implements DenseLike {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    store: ParameterStore,
    readonly name: string,
    readonly inputSize: number,
    readonly units: number,
    init: InitializerName,
  ) {
    const rng = store.rngFor(name);
    this.kernel = store.add(name, 'kernel', 'kernel', [inputSize, units], initialKernel(init, [inputSize, units], rng));
    this.bias = store.add(name, 'bias', 'bias', [units], initialBias(init, units, inputSize, rng));
  }

  apply(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
    return denseLayer(x, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D, activation);
  }
}
