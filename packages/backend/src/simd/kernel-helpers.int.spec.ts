import { ConfigError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, initBackend } from '../init-backend';
import { runConv2dLayer } from '../test-support/kernel-calls';
import { kernelHelperJobs } from './kernel-helpers';

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 1073741824 - 1;
  });
}

/** The first index where `a` and `b` differ bit for bit, or -1 (fast on 800k-value arrays, where toEqual is not). */
function firstDifferentBits(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

interface ConvCase {
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly strides: number;
  readonly pad: 'same' | 'valid';
}

/**
 * A convolution layer's forward pass (fused bias + ReLU, as networks run it) and the plain
 * convolution's input and filter gradients, as exact float32 arrays.
 */
function convolutionOutputs(c: ConvCase): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b, 1), 1), c.x);
    const w = tf.tensor4d(values(c.filter.reduce((a, b) => a * b, 1), 2), c.filter);
    const b = tf.tensor1d(values(c.filter[3], 3));
    const y = runConv2dLayer(x, w, b, { strides: c.strides, pad: c.pad, activation: 'relu' });
    const [dx, dw] = tf.grads((a: tf.Tensor, f: tf.Tensor) => {
      const out = tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad);
      return tf.sum(tf.mul(out, tf.reshape(tf.linspace(-1, 1, out.size), out.shape)));
    })([x, w]);
    return [y, dx!, dw!].map((t) => t.dataSync() as Float32Array);
  });
}

describe('kernel helper threads (initBackend({ kernelThreads }))', () => {
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  // Above the sharing threshold: Impala x3's widest layers, an odd batch, a strided convolution.
  const cases: Array<[string, ConvCase]> = [
    ['3x3/1 same, 5x5x48 -> 48, batch 32 (Impala x3)', { x: [32, 5, 5, 48], filter: [3, 3, 48, 48], strides: 1, pad: 'same' }],
    ['3x3/1 same, 3x3x96 -> 96, batch 31', { x: [31, 3, 3, 96], filter: [3, 3, 96, 96], strides: 1, pad: 'same' }],
    ['3x3/2 valid, 9x9x32 -> 40, batch 20', { x: [20, 9, 9, 32], filter: [3, 3, 32, 40], strides: 2, pad: 'valid' }],
    // 102,400 output pixels: a helper's share of the filter gradient is thousands of calls.
    ['3x3/1 same, 40x40x8 -> 8, batch 64 (long jobs)', { x: [64, 40, 40, 8], filter: [3, 3, 8, 8], strides: 1, pad: 'same' }],
  ];

  it.each(cases)('should give bit-identical forward passes and gradients with 1, 2 and 3 threads: %s', async (_label, c) => {
    await initBackend({ name: 'wasm', kernelThreads: 1 });
    const jobsBefore = kernelHelperJobs();
    const one = convolutionOutputs(c);
    expect(kernelHelperJobs()).toBe(jobsBefore);
    for (const threads of [2, 3]) {
      await initBackend({ name: 'wasm', kernelThreads: threads });
      const tensorsBefore = tf.memory().numTensors;
      const jobs = kernelHelperJobs();
      const many = convolutionOutputs(c);
      // forward, input gradient (a forward convolution) and filter gradient each shared their work
      expect(kernelHelperJobs() - jobs).toBeGreaterThanOrEqual(3 * (threads - 1));
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      many.forEach((values, i) => expect(firstDifferentBits(values, one[i]!)).toBe(-1));
    }
  }, 60_000);

  it('should report its threads and refuse counts and combinations it cannot run', async () => {
    const info = await initBackend({ name: 'wasm', kernelThreads: 2 });
    expect(info.kernelThreads).toBe(2);
    expect(describeBackend(info)).toBe('wasm (SIMD on, 1 thread, FMA, 2 kernel threads), tfjs 4.22.0');
    expect((await initBackend({ name: 'wasm' })).kernelThreads).toBe(1);
    await expect(initBackend({ kernelThreads: 0 })).rejects.toThrow(ConfigError);
    await expect(initBackend({ kernelThreads: 1.5 })).rejects.toThrow(ConfigError);
    await expect(initBackend({ kernelThreads: 17 })).rejects.toThrow(/kernelThreads: expected an integer from 1 to 16, got 17/);
    await expect(initBackend({ kernelThreads: 2, simdKernels: false })).rejects.toThrow(/kernelThreads: expected 1 with backend "wasm" and simdKernels false/);
    await expect(initBackend({ name: 'cpu', kernelThreads: 2 })).rejects.toThrow(/kernelThreads: expected 1 with backend "cpu"/);
  });
});
