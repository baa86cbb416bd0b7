import type { Tensor } from '@tensorflow/tfjs-core';
import type { FactorisedNoise } from './factorised-noise';

/** What one forward pass carries through the layers. */
export interface ForwardContext {
  /** The noise source of NoisyNet layers, or `null` to use their mean weights. */
  readonly noise: FactorisedNoise | null;
  /**
   * Receives each hidden layer's post-ReLU output under the layer's name (only when activations are
   * captured; the callee keeps the tensor).
   */
  readonly record?: (layer: string, activation: Tensor) => void;
}
