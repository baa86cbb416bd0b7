import { Rng } from '@prunerl/core';
import { buildSimdModule } from '@prunerl/wasm';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init-backend';
import { kernelSet } from '../kernel-set/kernel-set';

/**
 * The generated SIMD kernels (products, convolutions, Identity) against the cpu backend on shapes
 * that hit every code path: row and column remainders of the register blocks, k not a multiple of
 * 4, batch broadcasting, fused bias and ReLU, strides, paddings, dilations and 1x1 convolutions.
 */
const rng = Rng.fromSeed(7);
const TOLERANCE = 1e-4;

function values(shape: number[]): { shape: number[]; data: Float32Array } {
  return { shape, data: rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))) };
}

/** Whether the wasm runs of the current suite use fused multiply-add (both settings are tested). */
let fusedMultiplyAdd = true;

async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor): Promise<Float32Array> {
  await initBackend(backend === 'wasm' ? { name: 'wasm', fusedMultiplyAdd } : { name: 'cpu' });
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => f().dataSync() as Float32Array);
  expect(tf.memory().numTensors).toBe(before);
  return Float32Array.from(out);
}

async function expectSame(build: () => tf.Tensor): Promise<void> {
  const cpu = await on('cpu', build);
  const wasm = await on('wasm', build);
  expect(wasm.length).toBe(cpu.length);
  let diff = 0;
  for (let i = 0; i < cpu.length; i++) diff = Math.max(diff, Math.abs(cpu[i]! - wasm[i]!));
  expect(diff).toBeLessThanOrEqual(TOLERANCE);
}

const tensor = (v: { shape: number[]; data: Float32Array }): tf.Tensor => tf.tensor(v.data, v.shape);

describe.each([true, false])('wasm SIMD kernels (fused multiply-add: %s)', (fma) => {
  beforeAll(() => {
    fusedMultiplyAdd = fma;
  });
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  describe('buildSimdModule', () => {
    it('should produce a module the engine validates and that runs on the wasm backend', async () => {
      const info = await initBackend({ name: 'wasm', fusedMultiplyAdd: fma });
      expect(WebAssembly.validate(buildSimdModule({ fma }))).toBe(true);
      expect(kernelSet({ simdKernels: true, fusedKernels: true, fusedMultiplyAdd: info.fusedMultiplyAdd === true, sparseKernels: true }).simd!.runtime(tf.backend())).not.toBeNull();
    });
  });

  describe('BatchMatMul', () => {
    const shapes: Array<[number, number, number]> = [
      [1, 1, 1],
      [3, 5, 7],
      [4, 8, 8],
      [5, 13, 9],
      [9, 3, 17],
      [32, 70, 6],
      [33, 128, 19],
      [6, 600, 10],
      // m = 256: A's rows stored [k, m] are 1 KB apart, so the TN product copies them to padded rows
      [256, 40, 12],
    ];
    it.each(shapes)('should match cpu in every transpose layout for m=%i k=%i n=%i', async (m, k, n) => {
      const a = values([m, k]);
      const at = values([k, m]);
      const b = values([k, n]);
      const bt = values([n, k]);
      await expectSame(() => tf.matMul(tensor(a), tensor(b)));
      await expectSame(() => tf.matMul(tensor(at), tensor(b), true, false));
      await expectSame(() => tf.matMul(tensor(a), tensor(bt), false, true));
      await expectSame(() => tf.matMul(tensor(at), tensor(bt), true, true));
    });

    it('should match cpu for batched and broadcast batches', async () => {
      const a = values([3, 5, 6]);
      const b = values([3, 6, 4]);
      const b1 = values([1, 6, 4]);
      const c = values([2, 4, 3]);
      await expectSame(() => tf.matMul(tensor(a), tensor(b)));
      await expectSame(() => tf.matMul(tensor(a), tensor(b1)));
      await expectSame(() => tf.matMul(tensor(b1), tensor(c)));
    });

    it('should return zeros (or the bias) for an empty inner dimension', async () => {
      const bias = values([5]);
      await expectSame(() => tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 5])));
      await expectSame(() => tf.fused.matMul({ a: tf.zeros([3, 0]) as tf.Tensor2D, b: tf.zeros([0, 5]) as tf.Tensor2D, bias: tensor(bias), activation: 'relu' }));
    });
  });

  describe('_FusedMatMul', () => {
    it('should match cpu with a bias and ReLU when the inner dimension spans several blocks', async () => {
      const a = values([5, 700]);
      const at = values([700, 5]);
      const b = values([700, 9]);
      const bias = values([9]);
      await expectSame(() => tf.fused.matMul({ a: tensor(a) as tf.Tensor2D, b: tensor(b) as tf.Tensor2D, bias: tensor(bias), activation: 'relu' }));
      await expectSame(() => tf.fused.matMul({ a: tensor(at) as tf.Tensor2D, b: tensor(b) as tf.Tensor2D, transposeA: true, bias: tensor(bias), activation: 'relu' }));
    });

    it('should give the same values once stable weights move to the packed kernel', async () => {
      const a = values([1, 30]);
      const b = values([30, 7]);
      const bias = values([7]);
      await initBackend({ name: 'wasm' });
      const w = tf.tensor(b.data, b.shape);
      const results = Array.from({ length: 40 }, () =>
        tf.tidy(() => Array.from(tf.fused.matMul({ a: tensor(a) as tf.Tensor2D, b: w as tf.Tensor2D, bias: tensor(bias), activation: 'relu' }).dataSync())),
      );
      w.dispose();
      const cpu = await on('cpu', () => tf.fused.matMul({ a: tensor(a) as tf.Tensor2D, b: tensor(b) as tf.Tensor2D, bias: tensor(bias), activation: 'relu' }));
      for (const r of [results[0]!, results[39]!]) r.forEach((v, i) => expect(Math.abs(v - cpu[i]!)).toBeLessThanOrEqual(TOLERANCE));
    });

    it.each(['linear', 'relu', 'elu'] as const)('should match cpu with a bias and %s activation', async (activation) => {
      const a = values([7, 11]);
      const b = values([11, 10]);
      const at = values([11, 7]);
      const bt = values([10, 11]);
      const bias = values([10]);
      await expectSame(() => tf.fused.matMul({ a: tensor(a) as tf.Tensor2D, b: tensor(b) as tf.Tensor2D, bias: tensor(bias), activation }));
      await expectSame(() => tf.fused.matMul({ a: tensor(at) as tf.Tensor2D, b: tensor(bt) as tf.Tensor2D, transposeA: true, transposeB: true, bias: tensor(bias), activation }));
    });
  });

  describe('convolutions', () => {
    const cases: Array<[string, number[], number[], number | [number, number], 'same' | 'valid', number]> = [
      ['3x3/1 valid', [3, 10, 10, 4], [3, 3, 4, 16], 1, 'valid', 1],
      ['3x3/1 same, 5 channels', [2, 7, 9, 5], [3, 3, 5, 6], 1, 'same', 1],
      ['8x8/4 same', [2, 21, 21, 3], [8, 8, 3, 5], 4, 'same', 1],
      ['4x4/[2,1] valid', [2, 11, 9, 2], [4, 4, 2, 3], [2, 1], 'valid', 1],
      ['1x1 pointwise', [2, 5, 5, 6], [1, 1, 6, 7], 1, 'valid', 1],
      ['3x3 dilation 2 same', [2, 9, 9, 3], [3, 3, 3, 4], 1, 'same', 2],
      ['3x3/1 same over 576 output pixels (blocked filter gradient)', [4, 12, 12, 3], [3, 3, 3, 5], 1, 'same', 1],
      ['4x4/1 same (asymmetric padding)', [2, 8, 7, 3], [4, 4, 3, 5], 1, 'same', 1],
      ['2x2/1 valid', [2, 5, 6, 3], [2, 2, 3, 4], 1, 'valid', 1],
      // 8+ input channels: forward passes outside the tape and input gradients run as an implicit GEMM
      ['3x3/1 same, 12 channels, 21 outputs (implicit GEMM, every column panel)', [3, 7, 5, 12], [3, 3, 12, 21], 1, 'same', 1],
      ['3x3/2 same, 8 channels (implicit GEMM)', [2, 9, 9, 8], [3, 3, 8, 6], 2, 'same', 1],
      ['3x3 dilation 2 valid, 9 channels (implicit GEMM)', [1, 9, 8, 9], [3, 3, 9, 5], 1, 'valid', 2],
      // Tiny images: whole taps fall into the padding for a block's rows (skipped), an odd batch straddles pixels.
      ['3x3/1 same on 2x3 images, 16 channels, batch 5 (implicit GEMM, padding taps skipped)', [5, 2, 3, 16], [3, 3, 16, 8], 1, 'same', 1],
      // 8+ input channels: filter gradients sum tap by tap over the pixels each tap reads.
      ['3x3/1 same on 1x2 images, 8 channels (filter taps wholly in the padding)', [3, 1, 2, 8], [3, 3, 8, 4], 1, 'same', 1],
      ['3x3/1 same, 8 channels over 576 output pixels (tap-wise filter gradient in blocks)', [4, 12, 12, 8], [3, 3, 8, 5], 1, 'same', 1],
      ['4x4/[2,1] valid, 10 channels (tap-wise filter gradient, strided gather)', [2, 11, 9, 10], [4, 4, 10, 3], [2, 1], 'valid', 1],
      ['5x5/2 same, 9 channels (tap-wise filter gradient, padded and strided)', [2, 8, 7, 9], [5, 5, 9, 6], 2, 'same', 1],
    ];
    it.each(cases)('should match cpu forward, fused forward and both gradients: %s', async (_label, xShape, wShape, stride, pad, dilation) => {
      const x = values(xShape);
      const w = values(wShape);
      const bias = values([wShape[3]!]);
      await expectSame(() => tf.conv2d(tensor(x) as tf.Tensor4D, tensor(w) as tf.Tensor4D, stride, pad, 'NHWC', dilation));
      await expectSame(() =>
        tf.fused.conv2d({ x: tensor(x) as tf.Tensor4D, filter: tensor(w) as tf.Tensor4D, strides: stride, pad, dilations: dilation, bias: tensor(bias), activation: 'relu' }),
      );
      if (dilation !== 1) return; // tfjs computes conv gradients for dilation 1 only
      const grads = (): tf.Tensor => {
        // A weighted sum gives every output its own upstream gradient.
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
          const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
          return tf.sum(tf.mul(y, tf.reshape(tf.linspace(-1, 1, y.size), y.shape)));
        });
        const [dx, dw] = g([tensor(x), tensor(w)]);
        return tf.concat([tf.reshape(dx!, [-1]), tf.reshape(dw!, [-1])]);
      };
      await expectSame(grads);
      // A fused linear convolution stays fused under gradient recording (im2col path there).
      const fusedGrads = (): tf.Tensor => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
          const y = tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: stride, pad, bias: c, activation: 'linear' });
          return tf.sum(tf.mul(y, tf.reshape(tf.linspace(-1, 1, y.size), y.shape)));
        });
        return tf.concat(g([tensor(x), tensor(w), tensor(bias)]).map((d) => tf.reshape(d, [-1])));
      };
      await expectSame(fusedGrads);
    });

    it('should keep filter gradients right when one input feeds several convolutions (patch cache)', async () => {
      const x = values([2, 9, 9, 3]);
      const w1 = values([3, 3, 3, 4]);
      const w2 = values([3, 3, 3, 4]);
      const w3 = values([2, 2, 3, 4]);
      const grads = (): tf.Tensor => {
        // A recorded forward whose gradient is never taken leaves a cached entry behind.
        tf.grads((a: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, tensor(w1) as tf.Tensor4D, 1, 'same')));
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => {
          // Same input and geometry twice (the second patch matrix replaces the first), then another geometry.
          const y1 = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same');
          const y2 = tf.conv2d(a as tf.Tensor4D, c as tf.Tensor4D, 1, 'same');
          const y3 = tf.conv2d(a as tf.Tensor4D, d as tf.Tensor4D, 1, 'valid');
          const weights = (y: tf.Tensor): tf.Tensor => tf.reshape(tf.linspace(-1, 1, y.size), y.shape);
          return tf.addN([tf.sum(tf.mul(y1, weights(y1))), tf.sum(tf.mul(y2, tf.square(weights(y2)))), tf.sum(tf.mul(y3, weights(y3)))]);
        });
        return tf.concat(g([tensor(x), tensor(w1), tensor(w2), tensor(w3)]).map((d) => tf.reshape(d, [-1])));
      };
      await expectSame(grads);
    });
  });

  describe('elementwise ops and sums', () => {
    const shapes: Array<[string, number[], number[]]> = [
      ['same shapes', [3, 7], [3, 7]],
      ['a scalar', [5, 6], []],
      ['a scalar first', [], [9]],
      ['a bias row', [4, 3, 5], [5]],
      ['a bias row first', [5], [2, 5]],
      ['a broadcast column', [6, 1], [6, 7]],
      ['rows of a matrix', [2, 1, 3], [2, 4, 3]],
      ['an outer product (built-in fallback)', [4, 1], [1, 5]],
    ];
    it.each(shapes)('should match cpu for every binary op on %s', async (_label, aShape, bShape) => {
      const a = values(aShape);
      const b = values(bShape);
      for (const op of [tf.add, tf.sub, tf.mul, tf.div, tf.maximum, tf.minimum]) await expectSame(() => op(tensor(a), tensor(b)));
    });

    it('should match cpu for the unary ops, NaN and 0 included', async () => {
      const x = values([3, 7]);
      x.data[0] = Number.NaN;
      x.data[1] = 0;
      const finite = values([2, 9]);
      for (const op of [tf.square, tf.relu, tf.neg, tf.abs, (t: tf.Tensor) => tf.step(t, 0.25)]) {
        const cpu = await on('cpu', () => op(tensor(x)));
        const wasm = await on('wasm', () => op(tensor(x)));
        expect(Array.from(wasm).map(String)).toEqual(Array.from(cpu).map(String));
      }
      await expectSame(() => tf.sqrt(tf.abs(tensor(finite))));
    });

    it.each([
      [[4, 5, 3], [0], false],
      [[4, 5, 3], [0, 1], true],
      [[4, 5, 3], [2], false],
      [[4, 5, 3], [1, 2], true],
      [[4, 5, 3], [0, 1, 2], false],
      [[4, 5, 3], [0, 2], false],
      [[37], [0], false],
    ])('should match cpu for sum of %j over axes %j (keepDims %s)', async (shape, axes, keepDims) => {
      const x = values(shape as number[]);
      await expectSame(() => tf.sum(tensor(x), axes as number[], keepDims as boolean));
    });

    it('should share the buffer for a cast to the same dtype', async () => {
      await initBackend({ name: 'wasm' });
      const x = tf.tensor([1.5, -2]);
      const before = tf.memory().numDataBuffers;
      const y = tf.cast(x, 'float32');
      expect(tf.memory().numDataBuffers).toBe(before);
      const z = tf.cast(x, 'int32');
      expect(Array.from(z.dataSync())).toEqual([1, -2]);
      tf.dispose([x, y, z]);
    });
  });

  describe('Identity', () => {
    it('should share the input buffer and keep memory counts exact', async () => {
      await initBackend({ name: 'wasm' });
      const x = tf.tensor([1, 2, 3]);
      const before = tf.memory().numDataBuffers;
      const y = tf.clone(x);
      expect(tf.memory().numDataBuffers).toBe(before);
      x.dispose();
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
      y.dispose();
    });
  });
});
