import {
  _FusedMatMul,
  elu,
  engine,
  leakyRelu,
  prelu as prelu_,
  relu6,
  sigmoid,
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

function simdFusedMatMul(simd: SimdKernels, builtIn: KernelFunc): KernelFunc {
  // Which kernel computes a product depends on the call alone (shapes, flags, activation), never on
  // what ran before: the built-in XNNPACK kernel rounds differently from ours, so switching to it
  // after N uses of the same weights (as this file once did, to pay its packing only for stable
  // weights) made a run resumed from a checkpoint act one ulp apart from the uninterrupted run once
  // an agent acted more than N times between updates (PPO's 1,024-step rollouts).
  return (args) => {
    const backend = args.backend as KernelBackend;
    const runtime = simd.runtime(backend);
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as _FusedMatMulAttrs;
    if (!runtime) return builtIn(args);
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
