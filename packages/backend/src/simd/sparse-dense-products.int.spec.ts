import { Rng, withWeightGradients } from '@prunerl/core';
import { outputAndGradients } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init-backend';
import { runDenseLayer as denseLayer } from '../test-support/kernel-calls';
import { resetSparseProductCounts, sparseProductCounts } from './sparse-dense-products';

/**
 * Dense layers with pruned weights on wasm: the sparse products must give the dense products'
 * values (forward and input gradient) and be used exactly when the weights are sparse enough.
 */
const rng = Rng.fromSeed(5);

function values(n: number): Float32Array {
  return rng.fillNormal(new Float32Array(n));
}

/** A `[rows, cols]` weight matrix with exactly `keep` nonzeros at random positions. */
function pruned(rows: number, cols: number, keep: number): tf.Tensor2D {
  const w = values(rows * cols);
  const order = Array.from({ length: rows * cols }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.uniformInt(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const i of order.slice(keep)) w[i] = 0;
  return tf.tensor2d(w, [rows, cols]);
}

function expectClose(got: Float32Array, want: Float32Array, label: string): void {
  expect(got.length).toBe(want.length);
  let scale = 1;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= 1e-5 * scale)) throw new Error(`${label}[${i}]: ${got[i]} against ${want[i]}`);
  }
}

/** Compares the fused layer with matMul + bias + activation and returns the sparse calls it made. */
function compare(batch: number, inSize: number, units: number, keep: number, activation: 'relu' | 'linear'): { forward: number; inputGradient: number } {
  const x = tf.tensor2d(values(batch * inSize), [batch, inSize]);
  const w = pruned(inSize, units, keep);
  const b = tf.tensor1d(values(units));
  const reference = (xi: tf.Tensor): tf.Tensor2D => {
    const z = tf.add(tf.matMul(xi as tf.Tensor2D, w), b) as tf.Tensor2D;
    return activation === 'relu' ? tf.relu(z) : z;
  };
  const [wantY, wantDx] = outputAndGradients(reference, [x]) as [Float32Array, Float32Array];
  resetSparseProductCounts();
  const [gotY, gotDx] = outputAndGradients((xi) => denseLayer(xi as tf.Tensor2D, w, b, activation), [x]) as [Float32Array, Float32Array];
  const { forward, inputGradient } = sparseProductCounts();
  const counts = { forward, inputGradient };
  expectClose(gotY, wantY, 'y');
  expectClose(gotDx, wantDx, 'dx');
  tf.dispose([x, w, b]);
  return counts;
}

describe('sparse dense-layer products on wasm', () => {
  beforeAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it.each(['relu', 'linear'] as const)('should match the dense product at 95%% sparsity (%s) and take the sparse path', (activation) => {
    const counts = compare(32, 1024, 128, Math.round(0.05 * 1024 * 128), activation);
    expect(counts).toEqual({ forward: 2, inputGradient: 1 });
  });

  it('should match at 80% sparsity and with batches that are not a multiple of 16', () => {
    expect(compare(12, 256, 64, Math.floor(0.2 * 256 * 64), 'relu')).toEqual({ forward: 2, inputGradient: 1 });
  });

  it('should handle rows and columns without any nonzero weight', () => {
    expect(compare(8, 64, 128, 3, 'relu')).toEqual({ forward: 2, inputGradient: 1 });
  });

  it('should keep the dense product below 80% sparsity, for small batches and for shapes not a multiple of 4', () => {
    expect(compare(32, 256, 64, Math.round(0.3 * 256 * 64), 'relu')).toEqual({ forward: 0, inputGradient: 0 });
    expect(compare(4, 1024, 128, 1000, 'relu')).toEqual({ forward: 0, inputGradient: 0 });
    expect(compare(32, 1022, 128, 1000, 'relu')).toEqual({ forward: 0, inputGradient: 0 });
  });

  it('should notice a new mask with the same number of nonzeros', () => {
    // Same count, other positions: the cached pattern must not be reused.
    for (let i = 0; i < 3; i++) expect(compare(16, 512, 64, 1500, 'linear')).toEqual({ forward: 2, inputGradient: 1 });
  });

  it('should rebuild a pattern it had to drop (more masks than it keeps)', () => {
    const x = tf.tensor2d(values(16 * 256), [16, 256]);
    const weights = Array.from({ length: 20 }, () => pruned(256, 64, 800));
    const reference = weights.map((w) => tf.matMul(x, w).dataSync() as Float32Array);
    resetSparseProductCounts();
    // The first weights' patterns are dropped by the time they come round again.
    for (let round = 0; round < 2; round++) {
      weights.forEach((w, i) => {
        const y = tf.tidy(() => denseLayer(x, w, tf.zeros([64]) as tf.Tensor1D, 'linear').dataSync() as Float32Array);
        expectClose(y, reference[i]!, `weights ${i}, round ${round}`);
      });
    }
    expect(sparseProductCounts().forward).toBe(40);
    tf.dispose([x, ...weights]);
  });

  it('should not take the pattern of a buffer for a reshaped view of it', () => {
    const w = pruned(256, 64, 600);
    const view = tf.reshape(w, [512, 32]) as tf.Tensor2D;
    const x1 = tf.tensor2d(values(8 * 256), [8, 256]);
    const x2 = tf.tensor2d(values(8 * 512), [8, 512]);
    const b1 = tf.zeros([64]) as tf.Tensor1D;
    const b2 = tf.zeros([32]) as tf.Tensor1D;
    resetSparseProductCounts();
    const y1 = tf.tidy(() => denseLayer(x1, w, b1, 'linear').dataSync() as Float32Array);
    const y2 = tf.tidy(() => denseLayer(x2, view, b2, 'linear').dataSync() as Float32Array);
    expect(sparseProductCounts().forward).toBe(2);
    expectClose(y1, tf.matMul(x1, w).dataSync() as Float32Array, 'y1');
    expectClose(y2, tf.matMul(x2, view).dataSync() as Float32Array, 'y2');
    tf.dispose([w, view, x1, x2, b1, b2]);
  });

  it.each([
    ['95% sparse (the sparse product)', 6000, 1],
    ['30% sparse (the dense product, masked)', Math.round(0.7 * 1024 * 128), 0],
  ])('should compute kept weight gradients at the nonzero weights only when %s', (_, keep, sparseCalls) => {
    const x = tf.tensor2d(values(32 * 1024), [32, 1024]);
    const w = pruned(1024, 128, keep);
    const b = tf.tensor1d(values(128));
    const f = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor): tf.Tensor => denseLayer(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, 'relu');
    const reference = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor): tf.Tensor => tf.relu(tf.add(tf.matMul(xi as tf.Tensor2D, wi as tf.Tensor2D), bi));
    const want = outputAndGradients(reference, [x, w, b]);
    resetSparseProductCounts();
    const got = withWeightGradients('kept', () => outputAndGradients(f, [x, w, b]));
    expect(sparseProductCounts().weightGradient).toBe(sparseCalls);
    const ws = w.dataSync();
    expectClose(got[2]!, want[2]!.map((v, i) => (ws[i] === 0 ? 0 : v)), 'dW');
    ws.forEach((v, i) => {
      if (v === 0 && got[2]![i] !== 0) throw new Error(`dW[${i}] of a zero weight is not zero`);
    });
    [0, 1, 3].forEach((i) => expectClose(got[i]!, want[i]!, `output/gradient ${i}`));
    // Outside the scope the weight gradient is dense again.
    expectClose(outputAndGradients(f, [x, w, b])[2]!, want[2]!, 'dense dW');
    tf.dispose([x, w, b]);
  });

  it('should leak no tensors', () => {
    const before = tf.memory().numTensors;
    compare(32, 1024, 128, 6000, 'relu');
    expect(tf.memory().numTensors).toBe(before);
  });
});
