import { broadcast_util, util, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { GEMM_FLAGS } from '@prunerl/wasm';
import type { SimdHeap, WasmBackendInternals } from './simd-heap';

/** Row strides (bytes) that are a multiple of this alias in L1; see the TN case of {@link runProduct}. */
const ALIASING_STRIDE = 1024;
/** Floats added to such rows when they are copied. */
const ALIAS_PAD = 16;

/** Rows of B per call of a broadcast GEMM kernel (see `blocked` in {@link runProduct}). */
const K_BLOCK = 256;

/** What one product needs, after shapes are checked. */
export interface Product {
  readonly a: TensorInfo;
  readonly b: TensorInfo;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly bias: TensorInfo | undefined;
  readonly relu: boolean;
}

/**
 * Runs a (batched) matrix product on prunerl's SIMD GEMM kernels, or returns `undefined` when
 * the call is one they do not cover (then the built-in kernel runs): non-float32 inputs, batch
 * dimensions that broadcast other than 1-to-n.
 *
 * Why not the built-in kernel: tfjs-backend-wasm hands every product to an XNNPACK
 * fully-connected operator that first packs its right operand, and caches the packed copy under
 * that tensor's id. Network weights get a new id after every optimiser step, so in training every
 * forward product re-packs its weights (measured: +0.46 ms for a [1024, 128] kernel, 2.6x the
 * product itself), and so does the first action after each update. The generated kernels read
 * both operands where they lie, in any of the three transpose layouts, with no packing.
 */
export function runProduct(backend: KernelBackend, runtime: SimdHeap, p: Product): TensorInfo | undefined {
  const { a, b, transposeA, transposeB } = p;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  const m = transposeA ? a.shape[rankA - 1]! : a.shape[rankA - 2]!;
  const k = transposeA ? a.shape[rankA - 2]! : a.shape[rankA - 1]!;
  const kb = transposeB ? b.shape[rankB - 1]! : b.shape[rankB - 2]!;
  const n = transposeB ? b.shape[rankB - 2]! : b.shape[rankB - 1]!;
  if (k !== kb) {
    throw new Error(`Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  }
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = util.sizeFromShape(outerA);
  const batchB = util.sizeFromShape(outerB);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  if (util.sizeFromShape(outer) !== Math.max(batchA, batchB)) return undefined;
  const batch = Math.max(batchA, batchB);
  if (p.bias && (p.bias.dtype !== 'float32' || util.sizeFromShape(p.bias.shape) !== n)) return undefined;

  const internals = backend as WasmBackendInternals;
  const out = internals.makeOutput([...outer, m, n], 'float32');
  const pa = runtime.pointer(a);
  const pb = runtime.pointer(b);
  const pc = runtime.pointer(out);
  const bias = p.bias ? runtime.pointer(p.bias) : 0;
  const flags = p.relu ? GEMM_FLAGS.relu : 0;
  if (k === 0) {
    const values = runtime.heap().subarray(pc / 4, pc / 4 + batch * m * n);
    if (bias === 0) values.fill(0);
    else for (let i = 0; i < batch * m; i++) values.set(runtime.heap().subarray(bias / 4, bias / 4 + n), i * n);
    if (p.relu) for (let i = 0; i < values.length; i++) values[i] = Math.max(0, values[i]!);
    return out;
  }
  // The broadcast kernels read B a column panel at a time; in chunks of K_BLOCK rows of B a panel
  // stays in L1 across the row blocks (measured: 32x1024x128 9% faster, 32x4096x512 1.9x). The
  // first chunk writes C (with the bias), later ones accumulate, the last applies the ReLU.
  const blocked = (depth: number, run: (k0: number, kc: number, flags: number, bias: number) => void): void => {
    for (let k0 = 0; k0 < depth; k0 += K_BLOCK) {
      const kc = Math.min(K_BLOCK, depth - k0);
      const last = k0 + kc >= depth;
      run(k0, kc, (k0 > 0 ? GEMM_FLAGS.accumulate : 0) | (last && p.relu ? GEMM_FLAGS.relu : 0), k0 === 0 ? bias : 0);
    }
  };
  const strideA = batchA === 1 ? 0 : m * k * 4;
  const strideB = batchB === 1 ? 0 : k * n * 4;
  let scratch = 0;
  let padded = 0;
  try {
    for (let i = 0; i < batch; i++) {
      const ai = pa + i * strideA;
      const bi = pb + i * strideB;
      const ci = pc + i * m * n * 4;
      if (!transposeA && !transposeB && m < 4) runtime.gemmRow(ai, k * 4, bi, n * 4, ci, n * 4, m, n, k, bias, flags);
      else if (!transposeA && !transposeB) blocked(k, (k0, kc, f, b) => runtime.gemmNN(ai + k0 * 4, k * 4, bi + k0 * n * 4, n * 4, ci, n * 4, m, n, kc, b, f));
      else if (transposeA && !transposeB) {
        let source = ai;
        let lda = m * 4;
        if (lda % ALIASING_STRIDE === 0) {
          // Rows of A (stored [k, m]) a multiple of 1 KB apart share L1 cache sets (4 KB
          // aliasing: 8 rows of a 4 KB stride fill a set), and the kernel reads down k: copy them
          // to rows ALIAS_PAD floats longer first (1024x128x32, a dense layer's weight gradient:
          // 0.26 -> 0.17 ms with the copy).
          lda = (m + ALIAS_PAD) * 4;
          if (padded === 0) padded = runtime.alloc(k * (m + ALIAS_PAD));
          const heap = runtime.heap();
          for (let r = 0; r < k; r++) heap.copyWithin(padded / 4 + r * (m + ALIAS_PAD), ai / 4 + r * m, ai / 4 + (r + 1) * m);
          source = padded;
        }
        blocked(k, (k0, kc, f, b) => runtime.gemmTN(source + k0 * lda, lda, bi + k0 * n * 4, n * 4, ci, n * 4, m, n, kc, b, f));
      }
      else if (!transposeA && transposeB) runtime.gemmNT(ai, k * 4, bi, k * 4, ci, n * 4, m, n, k, bias, flags);
      else {
        // Aᵀ·Bᵀ = (B·A)ᵀ: one product into scratch, then a transposing copy with the epilogue.
        if (scratch === 0) scratch = runtime.alloc(m * n);
        runtime.gemmNN(bi, k * 4, ai, m * 4, scratch, m * 4, n, m, k, 0, 0);
        const heap = runtime.heap();
        const s0 = scratch / 4;
        const c0 = ci / 4;
        const b0 = bias / 4;
        for (let r = 0; r < m; r++) {
          for (let c = 0; c < n; c++) {
            let v = heap[s0 + c * m + r]! + (bias === 0 ? 0 : heap[b0 + c]!);
            if (p.relu && v < 0) v = 0;
            heap[c0 + r * n + c] = v;
          }
        }
      }
    }
  } finally {
    if (scratch !== 0) runtime.free(scratch);
    if (padded !== 0) runtime.free(padded);
  }
  return out;
}
