import { CONV2D_LAYER_KERNEL } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { initialBias, initialKernel, type InitializerName } from '../init/initializer';
import type { Activation } from './dense-layer';
import { backendHasKernel, conv2dLayer } from './layer-kernels';
import type { ParameterStore } from './parameter-store';

/** Padding of a convolution: TF/Flax `SAME` (output ceil(n / s)) or `VALID` (floor((n - k) / s) + 1). */
export type Padding = 'same' | 'valid';

/** Spatial output size of a convolution or pooling of `size` with `kernel`, `stride` and `padding`. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/**
 * A 2-D convolution on NHWC inputs, kernel `[k, k, in, out]` (the layout Flax and tfjs share), bias
 * `[out]`. Convolution, bias and ReLU run as one fused kernel, which where the backend registers
 * core's `CONV2D_LAYER_KERNEL` is also one tape node in training.
 */
export class ConvLayer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    store: ParameterStore,
    readonly name: string,
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    readonly stride: number,
    readonly padding: Padding,
    init: InitializerName,
  ) {
    const shape = [kernelSize, kernelSize, inChannels, outChannels];
    const rng = store.rngFor(name);
    this.kernel = store.add(name, 'kernel', 'kernel', shape, initialKernel(init, shape, rng));
    this.bias = store.add(name, 'bias', 'bias', [outChannels], initialBias(init, outChannels, kernelSize * kernelSize * inChannels, rng));
  }

  /**
   * `inputIsData`: `x` is the network's input (no gradient flows into it). Without the fused layer
   * kernel, tfjs's fused linear convolution under gradient recording computes its input gradient
   * whatever is needed (its custom gradient), which for the input layer is wasted work: on Impala
   * x1 it was the largest input gradient of the update (0.33 ms of 10.5). Such a layer then
   * records a plain convolution and a bias add instead, whose tape skips it. The fused layer
   * kernel's gradient is skipped by the tape by itself.
   */
  apply(x: tf.Tensor4D, activation: Activation, inputIsData = false): tf.Tensor4D {
    const filter = this.kernel as tf.Tensor4D;
    if (inputIsData && activation === 'linear' && tf.engine().state.gradientDepth > 0 && !backendHasKernel(CONV2D_LAYER_KERNEL)) {
      return tf.add(tf.conv2d(x, filter, this.stride, this.padding), this.bias);
    }
    return conv2dLayer(x, filter, this.bias as tf.Tensor1D, { strides: this.stride, pad: this.padding, activation });
  }
}
