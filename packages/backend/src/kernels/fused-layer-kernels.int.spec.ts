import { CONV2D_LAYER_KERNEL, DENSE_LAYER_KERNEL, RELU_BACKPROP_KERNEL, Rng } from '@prunerl/core';
import { maxAbsDiff, outputAndGradients } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init-backend';
import { runConv2dLayer as conv2dLayer, runDenseLayer as denseLayer } from '../test-support/kernel-calls';

/**
 * The fused layer kernels against tfjs's unfused ops on the same backend: same outputs and the same
 * gradients for x, weights and bias (to float rounding), one kernel per layer on the tape, and no
 * input gradient where the input is data.
 */
const rng = Rng.fromSeed(77);
const normal = (shape: number[]): tf.Tensor => tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);

type Layer = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;

describe.each(['wasm', 'cpu'] as const)('fused layer kernels on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ name: backend });
  });
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should be registered', () => {
    for (const name of [DENSE_LAYER_KERNEL, CONV2D_LAYER_KERNEL, RELU_BACKPROP_KERNEL]) expect(tf.getKernel(name, backend)).toBeDefined();
  });

  describe.each(['relu', 'linear'] as const)('%s', (activation) => {
    it.each([
      [32, 1024, 128],
      [5, 7, 3],
      [1, 1, 1],
    ])('dense [%i, %i] x [%i, out] should match matMul + bias + activation and their gradients', (batch, inSize, units) => {
      const x = normal([batch, inSize]);
      const w = normal([inSize, units]);
      const b = normal([units]);
      const reference: Layer = (xi, wi, bi) => {
        const z = tf.add(tf.matMul(xi as tf.Tensor2D, wi as tf.Tensor2D), bi);
        return activation === 'relu' ? tf.relu(z) : z;
      };
      const fused: Layer = (xi, wi, bi) => denseLayer(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, activation);
      const want = outputAndGradients(reference, [x, w, b]);
      const got = outputAndGradients(fused, [x, w, b]);
      ['y', 'dx', 'dw', 'db'].forEach((name, i) => {
        const diff = maxAbsDiff(got[i]!, want[i]!);
        if (!(diff <= 1e-4 * Math.max(1, Math.sqrt(inSize * batch)))) throw new Error(`${name} differs by ${diff}`);
      });
      tf.dispose([x, w, b]);
    });

    it.each([
      ['3x3 stride 1 valid (MinAtar)', [4, 10, 10, 4], [3, 3, 4, 16], 1, 'valid'],
      ['3x3 stride 1 same (Impala)', [3, 11, 11, 5], [3, 3, 5, 6], 1, 'same'],
      ['8x8 stride 4 same (Nature CNN)', [2, 36, 36, 4], [8, 8, 4, 6], 4, 'same'],
      ['4x4 stride 2 valid', [2, 20, 20, 3], [4, 4, 3, 5], 2, 'valid'],
    ] as const)('conv2d %s should match conv2d + bias + activation and their gradients', (_label, xShape, wShape, strides, pad) => {
      const x = normal([...xShape]);
      const w = normal([...wShape]);
      const b = normal([wShape[3]]);
      const reference: Layer = (xi, wi, bi) => {
        const z = tf.add(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, strides, pad), bi);
        return activation === 'relu' ? tf.relu(z) : z;
      };
      const fused: Layer = (xi, wi, bi) => conv2dLayer(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, { strides, pad, activation });
      const want = outputAndGradients(reference, [x, w, b]);
      const got = outputAndGradients(fused, [x, w, b]);
      ['y', 'dx', 'dw', 'db'].forEach((name, i) => {
        const diff = maxAbsDiff(got[i]!, want[i]!);
        if (!(diff <= 1e-3)) throw new Error(`${name} differs by ${diff}`);
      });
      tf.dispose([x, w, b]);
    });
  });

  it('should record one kernel per layer and skip the input gradient of a data input', async () => {
    const x = normal([8, 10, 10, 4]);
    const filter = tf.variable(normal([3, 3, 4, 16]));
    const bias = tf.variable(normal([16]));
    const kernel = tf.variable(normal([8 * 8 * 16, 6]));
    const denseBias = tf.variable(normal([6]));
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => {
        const h = conv2dLayer(x as tf.Tensor4D, filter as tf.Tensor4D, bias as tf.Tensor1D, { strides: 1, pad: 'valid', activation: 'relu' });
        const q = denseLayer(tf.reshape(h, [8, 8 * 8 * 16]), kernel as tf.Tensor2D, denseBias as tf.Tensor1D, 'linear');
        return tf.mean(tf.square(q));
      });
      value.dispose();
      tf.dispose(Object.values(grads));
    });
    const names = profile.kernels.map((k) => k.name);
    expect(names.filter((n) => n === CONV2D_LAYER_KERNEL)).toHaveLength(1);
    expect(names.filter((n) => n === DENSE_LAYER_KERNEL)).toHaveLength(1);
    expect(names.filter((n) => n === RELU_BACKPROP_KERNEL)).toHaveLength(1);
    expect(names).not.toContain('Relu');
    expect(names).not.toContain('Conv2DBackpropInput');
    expect(names).toContain('Conv2DBackpropFilter');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, filter, bias, kernel, denseBias]);
  });

  it('should mask the incoming gradient as dy * step(y), infinities included', () => {
    const dy = tf.tensor1d([1, -2, 3, Infinity, 5, 6, -7, 8, 9]);
    const y = tf.tensor1d([0.5, 0, 2, 0, 1e-30, -0, 3, 0, 4]);
    const got = tf.engine().runKernel(RELU_BACKPROP_KERNEL, { dy, y }) as tf.Tensor;
    expect(Array.from(got.dataSync())).toEqual([1, -0, 3, NaN, 5, 0, -7, 0, 9]);
    tf.dispose([dy, y, got]);
  });

  it('should reject mismatched shapes, dtypes and activations with the values it got', () => {
    const x = tf.zeros([2, 3]);
    const w = tf.zeros([4, 5]);
    const b = tf.zeros([5]);
    expect(() => denseLayer(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, 'relu')).toThrow(/x \[2,3\], kernel \[4,5\], bias \[5\]/);
    expect(() => tf.engine().runKernel(DENSE_LAYER_KERNEL, { x, kernel: tf.zeros([3, 5]), bias: b }, { activation: 'tanh' } as unknown as tf.NamedAttrMap)).toThrow(/activation must be 'relu' or 'linear', got tanh/);
    expect(() => tf.engine().runKernel(RELU_BACKPROP_KERNEL, { dy: tf.zeros([3]), y: tf.zeros([4]) })).toThrow(/dy \[3\] and y \[4\]/);
    expect(() => tf.engine().runKernel(RELU_BACKPROP_KERNEL, { dy: tf.zeros([3], 'int32'), y: tf.zeros([3]) })).toThrow(/float32, got int32/);
    tf.disposeVariables();
  });
});
