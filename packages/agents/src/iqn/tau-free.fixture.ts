/** Test fixture shared by the IQN and M-IQN specs (not published). */
import type { QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Makes a fake quantile network without hidden layers (@prunerl/testing's `FakeNetworkFactory`
 * with a quantile head) ignore tau: the embedding becomes relu(0 cos + 1) = 1, so every quantile
 * is the linear `Z(s, a, tau) = (s W + b)_a`, which hand-computed targets can use.
 */
export function setTauFree(network: QNetwork, embeddingSize: number, kernel: number[][], bias: number[]): void {
  const [embeddingKernel, embeddingBias, k, b] = network.parameters();
  const features = kernel.length;
  embeddingKernel!.variable.assign(tf.zeros([embeddingSize, features]));
  embeddingBias!.variable.assign(tf.ones([features]));
  k!.variable.assign(tf.tensor2d(kernel));
  b!.variable.assign(tf.tensor1d(bias));
}
