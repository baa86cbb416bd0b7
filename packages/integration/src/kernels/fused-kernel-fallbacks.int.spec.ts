import { elementwiseTdLoss, selectActionValues } from '@prunerl/agents';
import { initBackend } from '@prunerl/backend';
import { CONV2D_LAYER_KERNEL, DENSE_LAYER_KERNEL, Rng, SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL } from '@prunerl/core';
import { conv2dLayer, denseLayer } from '@prunerl/networks';
import { maxAbsDiff, outputAndGradients } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The helpers that run core's fused kernels where the backend registers them (@prunerl/networks'
 * `denseLayer`/`conv2dLayer`, @prunerl/agents' `selectActionValues`/`elementwiseTdLoss`) against
 * their fallback to tfjs ops: the same values and gradients through a whole conv, dense, Q(s, a)
 * and Huber loss chain.
 */
const rng = Rng.fromSeed(77);
const normal = (shape: number[]): tf.Tensor => tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);

describe("the fused-kernel helpers (networks' layers, agents' losses) without the kernels", () => {
  const names = [DENSE_LAYER_KERNEL, CONV2D_LAYER_KERNEL, SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL];
  beforeAll(async () => {
    await initBackend({ name: 'cpu' });
  });
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should fall back to tfjs ops with the same values and gradients', () => {
    const x = normal([4, 6, 6, 3]);
    const filter = normal([3, 3, 3, 8]);
    const bias = normal([8]);
    const kernel = normal([4 * 4 * 8, 5]);
    const denseBias = normal([5]);
    const actions = tf.tensor1d([0, 4, 2, 1], 'int32');
    const targets = normal([4]);
    const loss = (xi: tf.Tensor, f: tf.Tensor, k: tf.Tensor): tf.Tensor => {
      const h = conv2dLayer(xi as tf.Tensor4D, f as tf.Tensor4D, bias as tf.Tensor1D, { strides: 1, pad: 'valid', activation: 'relu' });
      const q = denseLayer(tf.reshape(h, [4, 4 * 4 * 8]), k as tf.Tensor2D, denseBias as tf.Tensor1D, 'linear');
      return elementwiseTdLoss(targets, selectActionValues(q, actions), { kind: 'huber', delta: 0.5 });
    };
    const withKernels = outputAndGradients(loss, [x, filter, kernel]);
    const configs = names.map((name) => tf.getKernel(name, 'cpu')!);
    for (const name of names) tf.unregisterKernel(name, 'cpu');
    let withOps: Float32Array[];
    try {
      withOps = outputAndGradients(loss, [x, filter, kernel]);
    } finally {
      for (const config of configs) tf.registerKernel(config);
    }
    withKernels.forEach((values, i) => expect(maxAbsDiff(values, withOps[i]!)).toBeLessThan(1e-5));
    tf.dispose([x, filter, bias, kernel, denseBias, actions, targets]);
  });
});
