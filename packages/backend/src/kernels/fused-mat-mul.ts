import {
  _FusedMatMul,
  elu,
  engine,
  leakyRelu,
  prelu as prelu_,
  relu6,
  sigmoid,
  util,
  type Tensor,
  type _FusedMatMulAttrs,
  type KernelBackend,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { builtInKernelFunc, type KernelDefinition } from '../kernel-set/kernel-definition';
import { borrowTensor, toKernelOutput } from '../kernel-support/tensor-output';
import { runProduct } from '../simd/gemm-product';
import type { SimdKernels } from '../simd/simd-runtime';

/** The activations other than linear/ReLU, applied with tfjs ops after a linear product. */
function activate(x: Tensor, activation: _FusedMatMulAttrs['activation'], prelu: Tensor | undefined, alpha: number | undefined): Tensor {
  switch (activation) {
    case 'elu':
      return elu(x);
    case 'relu6':
      return relu6(x);
    case 'sigmoid':
      return sigmoid(x);
    case 'leakyrelu':
      return leakyRelu(x, alpha);
    case 'prelu':
      return prelu_(x, prelu!);
    default:
      throw new Error(`_FusedMatMul on wasm: unknown activation ${String(activation)}`);
  }
}

/** After this many uses of the same weights, an inference product goes to XNNPACK (see below). */
export const STABLE_WEIGHT_USES = 32;

/**
 * Whether an inference product (no gradient recording, fewer than 4 rows: acting) should go to
 * the built-in XNNPACK kernel: once the same weights have served {@link STABLE_WEIGHT_USES} such
 * products, packing them once pays off (XNNPACK then streams its packed copy ~25% faster than
 * our row kernel on a 7744x512 layer); in training the weights change every few actions and
 * never get there, so no re-packing is ever paid.
 */
function preferPackedWeights(inferenceUses: WeakMap<object, number>, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): boolean {
  if (transposeA || transposeB || engine().state.gradientDepth > 0) return false;
  if (a.shape[a.shape.length - 2]! >= 4 || util.sizeFromShape(a.shape.slice(0, -2)) !== 1 || util.sizeFromShape(b.shape.slice(0, -2)) !== 1) return false;
  const uses = (inferenceUses.get(b.dataId) ?? 0) + 1;
  inferenceUses.set(b.dataId, uses);
  return uses > STABLE_WEIGHT_USES;
}

function simdFusedMatMul(simd: SimdKernels, builtIn: KernelFunc): KernelFunc {
  /** Uses of each right operand (by buffer) in inference products of few rows. */
  const inferenceUses = new WeakMap<object, number>();
  return (args) => {
    const backend = args.backend as KernelBackend;
    const runtime = simd.runtime(backend);
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as _FusedMatMulAttrs;
    if (!runtime) return builtIn(args);
    if (preluActivationWeights == null && (activation === 'linear' || activation === 'relu') && preferPackedWeights(inferenceUses, a, b, transposeA, transposeB)) return builtIn(args);
    const direct = activation === 'linear' || activation === 'relu';
    const out = runProduct(backend, runtime, { a, b, transposeA, transposeB, bias: bias ?? undefined, relu: activation === 'relu' });
    if (!out) return builtIn(args);
    if (direct) return out;
    // The built-in kernel gives wrong values with any transpose flag (tfjs-backend-wasm 4.22), so
    // other activations also take the product from here and apply the activation with ops.
    const linear = engine().makeTensorFromTensorInfo(out);
    const weights = preluActivationWeights ? borrowTensor(backend, preluActivationWeights) : undefined;
    try {
      return toKernelOutput(backend, activate(linear, activation, weights, leakyreluAlpha));
    } finally {
      linear.dispose();
      weights?.dispose();
    }
  };
}

/**
 * `_FusedMatMul` on wasm through the SIMD GEMM kernels: bias and ReLU fused into the product, other
 * activations applied after it.
 */
export const fusedMatMulKernel: KernelDefinition = {
  kernelName: _FusedMatMul,
  group: 'simd',
  delegatesToBuiltIn: true,
  wasm: (context) => simdFusedMatMul(context.simd!, builtInKernelFunc(context, _FusedMatMul)),
};
