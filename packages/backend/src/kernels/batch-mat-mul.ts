import {
  BatchMatMul,
  engine,
  transpose,
  util,
  type BatchMatMulAttrs,
  type KernelBackend,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { builtInKernelFunc, type KernelDefinition } from '../kernel-set/kernel-definition';
import { borrowTensor, toKernelOutput } from '../kernel-support/tensor-output';
import { runProduct } from '../simd/gemm-product';
import type { SimdKernels } from '../simd/simd-runtime';

/** The permutation that swaps the last two axes of a rank-`rank` tensor. */
function swapLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * Matrix products with transpose flags on wasm. tfjs-backend-wasm 4.22 handles `transposeA` /
 * `transposeB` with a slow strided path (measured 10-40x slower than the plain product on
 * [32,1024]x[1024,128]), and every dense layer's backward pass uses them (dx = dy W^T,
 * dW = x^T dy). This kernel transposes explicitly and runs the fast untransposed product, picking
 * for each call the cheaper plan by elements moved:
 *   A B^T   = A (B^T)          or (B A^T)^T
 *   A^T B   = (A^T) B          or (B^T A)^T
 *   A^T B^T = (B A)^T
 */
function transposingMatMulKernel(builtIn: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend: anyBackend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    if (!transposeA && !transposeB) return builtIn(args);
    const backend = anyBackend as KernelBackend;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const plain = { ...(attrs as unknown as BatchMatMulAttrs), transposeA: false, transposeB: false };
    const product = (x: TensorInfo, y: TensorInfo): TensorInfo =>
      builtIn({ inputs: { a: x, b: y }, backend, attrs: plain as unknown as Record<string, never> }) as TensorInfo;
    const perm = (t: { shape: number[] }): number[] => swapLast(t.shape.length);
    const sizeA = util.sizeFromShape(a.shape);
    const sizeB = util.sizeFromShape(b.shape);
    const m = transposeA ? a.shape[a.shape.length - 1]! : a.shape[a.shape.length - 2]!;
    const n = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
    const batch = Math.max(util.sizeFromShape(a.shape.slice(0, -2)), util.sizeFromShape(b.shape.slice(0, -2)));
    const sizeOut = batch * m * n;

    const ta = borrowTensor(backend, a);
    const tb = borrowTensor(backend, b);
    const temporaries: Tensor[] = [ta, tb];
    try {
      // Runs `product(x, y)` and transposes its result: (y' x')^T forms.
      const transposedProduct = (x: Tensor, y: Tensor): TensorInfo => {
        const raw = engine().makeTensorFromTensorInfo(product(x, y));
        temporaries.push(raw);
        return toKernelOutput(backend, transpose(raw, perm(raw)));
      };
      if (transposeA && transposeB) return transposedProduct(tb, ta);
      if (transposeB) {
        if (sizeB <= sizeA + sizeOut) {
          const bt = transpose(tb, perm(tb));
          temporaries.push(bt);
          return product(ta, bt);
        }
        const at = transpose(ta, perm(ta));
        temporaries.push(at);
        return transposedProduct(tb, at);
      }
      if (sizeA <= sizeB + sizeOut) {
        const at = transpose(ta, perm(ta));
        temporaries.push(at);
        return product(at, tb);
      }
      const bt = transpose(tb, perm(tb));
      temporaries.push(bt);
      return transposedProduct(bt, ta);
    } finally {
      for (const t of temporaries) t.dispose();
    }
  };
}

/**
 * Runs a (batched) matrix product on prunerl's SIMD GEMM kernels (all transpose layouts, no
 * packing; see `runProduct`), falling back to `fallback` where they do not apply.
 */
function simdKernel(simd: SimdKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simd.runtime(args.backend as KernelBackend);
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const out = runtime ? runProduct(args.backend as KernelBackend, runtime, { a, b, transposeA, transposeB, bias: undefined, relu: false }) : undefined;
    return out ?? fallback(args);
  };
}

/**
 * `BatchMatMul` on wasm: with `simdKernels` the SIMD GEMM kernels, else (and where those do not
 * apply) explicit transposes around the backend's own kernel, which avoid its strided transpose path.
 */
export const batchMatMulKernel: KernelDefinition = {
  kernelName: BatchMatMul,
  group: 'training',
  delegatesToBuiltIn: true,
  wasm: (context) => {
    const transposing = transposingMatMulKernel(builtInKernelFunc(context, BatchMatMul));
    return context.simd ? simdKernel(context.simd, transposing) : transposing;
  },
};
