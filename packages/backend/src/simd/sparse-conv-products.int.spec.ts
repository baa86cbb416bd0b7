import { Rng, withWeightGradients, type WeightGradients } from '@prunerl/core';
import { outputAndGradients } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init-backend';
import { kernelSet } from '../kernel-set/kernel-set';
import { runConv2dLayer } from '../test-support/kernel-calls';
import { resetSparseConvCounts, sparseConvCounts } from './sparse-conv-products';
import { SPARSE_CONV_WEIGHTS } from './sparse-weights';

/**
 * Convolutions with pruned filters on wasm: the sparse forward pass, input gradient and (under
 * core's `kept` weight gradients) filter gradient must give the dense kernels' values (the same
 * kernel set with `sparseKernels: false`, dense weight gradients) at every sparsity, stride and
 * padding, the filter gradient exactly zero at zero weights, and be used exactly when the filter is
 * sparse enough.
 */
const rng = Rng.fromSeed(11);

function values(n: number): Float32Array {
  return rng.fillNormal(new Float32Array(n));
}

/** A filter with `round(sparsity · size)` zeros at random positions. */
function pruned(shape: [number, number, number, number], sparsity: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const w = values(size);
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.uniformInt(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const i of order.slice(0, Math.round(sparsity * size))) w[i] = 0;
  return w;
}

function expectClose(got: Float32Array, want: Float32Array, label: string): void {
  expect(got.length).toBe(want.length);
  let scale = 1;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= 2e-5 * scale)) throw new Error(`${label}[${i}]: ${got[i]} against ${want[i]}`);
  }
}

interface Case {
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly strides: number;
  readonly pad: 'same' | 'valid';
}

/** Output, dx, dW and db of the conv layer kernel on the kernel set `sparseKernels` picks, with weight gradients `mode`. */
async function run(c: Case, xs: Float32Array, ws: Float32Array, bs: Float32Array, sparseKernels: boolean, mode: WeightGradients): Promise<Float32Array[]> {
  await initBackend({ name: 'wasm', sparseKernels });
  const x = tf.tensor4d(xs, c.x);
  const w = tf.tensor4d(ws, c.filter);
  const b = tf.tensor1d(bs);
  try {
    return withWeightGradients(mode, () =>
      outputAndGradients((xi, wi, bi) => runConv2dLayer(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, { activation: 'relu', strides: c.strides, pad: c.pad }), [x, w, b]),
    );
  } finally {
    tf.dispose([x, w, b]);
  }
}

/** The dense gradient with the zero weights' entries cleared: what `kept` weight gradients must give. */
function keptEntries(dw: Float32Array, ws: Float32Array): Float32Array {
  return dw.map((v, i) => (ws[i] === 0 ? 0 : v));
}

/**
 * Compares the sparse kernel set under `kept` weight gradients, and the dense set under `kept`
 * (its masked fallback), with the dense set under `dense` weight gradients; returns the sparse
 * calls made by the sparse set.
 */
async function compare(c: Case, sparsity: number): Promise<{ forward: number; inputGradient: number; filterGradient: number }> {
  const xs = values(c.x.reduce((a, b) => a * b, 1));
  const ws = pruned(c.filter, sparsity);
  const bs = values(c.filter[3]);
  const want = await run(c, xs, ws, bs, false, 'dense');
  const wantKept = [want[0]!, want[1]!, keptEntries(want[2]!, ws), want[3]!];
  const denseKept = await run(c, xs, ws, bs, false, 'kept');
  resetSparseConvCounts();
  const got = await run(c, xs, ws, bs, true, 'kept');
  const counts = sparseConvCounts();
  ['y', 'dx', 'dW', 'db'].forEach((label, i) => {
    expectClose(got[i]!, wantKept[i]!, label);
    expectClose(denseKept[i]!, wantKept[i]!, `${label} (dense kernels, kept)`);
  });
  // Exact zeros at the zero weights, whichever kernel ran.
  ws.forEach((v, i) => {
    if (v === 0 && (got[2]![i] !== 0 || denseKept[2]![i] !== 0)) throw new Error(`dW[${i}] of a zero weight is not zero`);
  });
  return counts;
}

const SPARSITIES = [0, 0.5, 0.8, 0.95, 0.99];

describe('sparse convolutions on wasm', () => {
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  const cases: [string, Case][] = [];
  for (const strides of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      // Batch 12: a block of 8 lanes and one of 4.
      cases.push([`3x3 stride ${strides} ${pad}`, { x: [12, 9, 9, 8], filter: [3, 3, 8, 16], strides, pad }]);
    }
  }
  cases.push(['4x4 stride 2 same (even taps)', { x: [8, 10, 10, 4], filter: [4, 4, 4, 16], strides: 2, pad: 'same' }]);
  // Small images (Impala's last stacks): forward walks group the pixels by which taps land inside.
  cases.push(['3x3 stride 1 same on 3x3 images', { x: [8, 3, 3, 12], filter: [3, 3, 12, 8], strides: 1, pad: 'same' }]);
  cases.push(['3x3 stride 1 same on 1x2 images (taps wholly in the padding)', { x: [8, 1, 2, 8], filter: [3, 3, 8, 12], strides: 1, pad: 'same' }]);

  describe.each(cases)('%s', (_, c) => {
    it.each(SPARSITIES)('should match the dense kernels at sparsity %p, sparse exactly when sparse enough', async (sparsity) => {
      const counts = await compare(c, sparsity);
      const size = c.filter.reduce((a, b) => a * b, 1);
      const sparse = size - Math.round(sparsity * size) <= SPARSE_CONV_WEIGHTS.maxDensity * size;
      // Forward twice (output, then under the gradient tape), the gradients once.
      expect(counts).toEqual(sparse ? { forward: 2, inputGradient: 1, filterGradient: 1 } : { forward: 0, inputGradient: 0, filterGradient: 0 });
    });
  });

  it('should keep the dense kernels for batches below 8 or not a multiple of 4', async () => {
    for (const batch of [4, 10]) {
      const counts = await compare({ x: [batch, 6, 6, 8], filter: [3, 3, 8, 16], strides: 1, pad: 'same' }, 0.95);
      expect(counts).toEqual({ forward: 0, inputGradient: 0, filterGradient: 0 });
    }
  });

  it('should give the dense result whatever the heap held in its scratch buffers', async () => {
    const c: Case = { x: [8, 5, 5, 16], filter: [3, 3, 16, 16], strides: 1, pad: 'same' };
    const xs = values(8 * 5 * 5 * 16);
    const ws = pruned(c.filter, 0.95);
    const bs = values(16);
    const want = await run(c, xs, ws, bs, false, 'dense');
    await initBackend({ name: 'wasm', sparseKernels: true });
    const x = tf.tensor4d(xs, c.x);
    const w = tf.tensor4d(ws, c.filter);
    const b = tf.tensor1d(bs);
    // Freed NaN blocks of the padded input's size ([7, 7, 16, 8]): the kernel's next one is one of them.
    const runtime = kernelSet({ simdKernels: true, fusedKernels: true, fusedMultiplyAdd: true, sparseKernels: true }).simd!.runtime(tf.backend())!;
    const blocks = Array.from({ length: 8 }, () => runtime.alloc(7 * 7 * 16 * 8));
    for (const block of blocks) runtime.heap().fill(Number.NaN, block / 4, block / 4 + 7 * 7 * 16 * 8);
    for (const block of blocks) runtime.free(block);
    const probe = runtime.alloc(7 * 7 * 16 * 8);
    expect(blocks).toContain(probe);
    runtime.free(probe);
    resetSparseConvCounts();
    const y = runConv2dLayer(x, w, b, { activation: 'relu', strides: 1, pad: 'same' });
    expect(sparseConvCounts().forward).toBe(1);
    expectClose(y.dataSync() as Float32Array, want[0]!, 'y');
    tf.dispose([x, w, b, y]);
  });

  it('should handle a filter without any nonzero weight', async () => {
    expect(await compare({ x: [8, 5, 5, 16], filter: [3, 3, 16, 16], strides: 1, pad: 'same' }, 1)).toEqual({ forward: 2, inputGradient: 1, filterGradient: 1 });
  });

  it('should leak no tensors across repeated calls', async () => {
    const c: Case = { x: [8, 6, 6, 8], filter: [3, 3, 8, 16], strides: 2, pad: 'same' };
    const xs = values(8 * 6 * 6 * 8);
    const ws = pruned(c.filter, 0.95);
    const bs = values(16);
    await run(c, xs, ws, bs, true, 'kept');
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 5; i++) await run(c, xs, ws, bs, true, 'kept');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numBytes).toBe(bytes);
  });
});
