import { engine, getKernel, type KernelFunc, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { RELU_BACKPROP_KERNEL, type LayerKernelAttrs } from '@prunerl/core';

/**
 * What the fused layer kernels (`kernels/dense-layer.ts`, `conv2d-layer.ts`, `relu-backprop.ts`,
 * `dense-input-gradient.ts`) and their gradients share: input checks and handing work to the
 * backend's own product and convolution kernels.
 */

/** The arguments of a kernel function. */
export type KernelArgs = Parameters<KernelFunc>[0];

export function checkFloat(kernel: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) {
    if (t.dtype !== 'float32') throw new Error(`${kernel}: input ${name} must be float32, got ${t.dtype}`);
  }
}

export function checkActivation(kernel: string, activation: string): void {
  if (activation !== 'relu' && activation !== 'linear') throw new Error(`${kernel}: activation must be 'relu' or 'linear', got ${String(activation)}`);
}

/**
 * The kernel `name` registered on `backendName` when called, which a fused layer kernel hands its
 * work to (on wasm, whichever product or convolution kernel the installed set has).
 */
export function delegate(name: string, backendName: string): KernelFunc {
  const config = getKernel(name, backendName);
  if (!config) throw new Error(`backend ${backendName} has no ${name} kernel`);
  return config.kernelFunc;
}

const reshaped = (t: TensorInfo, shape: number[]): TensorInfo => ({ dataId: t.dataId, shape, dtype: t.dtype });

/**
 * The backend's product kernel `name` (`BatchMatMul` or `_FusedMatMul`, which take rank-3 operands
 * on every backend) on `[1, ...]` views of the 2-D `a` and `b`, its result viewed as 2-D again.
 */
export function product2d(name: string, backendName: string, backend: KernelArgs['backend'], a: TensorInfo, b: TensorInfo, attrs: Record<string, unknown>, bias?: TensorInfo): TensorInfo {
  const out = delegate(name, backendName)({
    inputs: { a: reshaped(a, [1, ...a.shape]), b: reshaped(b, [1, ...b.shape]), ...(bias ? { bias } : {}) },
    attrs: attrs as unknown as NamedAttrMap,
    backend,
  }) as TensorInfo;
  return reshaped(out, out.shape.slice(1));
}

/** The ReLU mask applied to the incoming gradient, once per layer (every parameter's gradient uses it). */
export function activationBackprop(dy: Tensor, y: Tensor, activation: LayerKernelAttrs['activation']): Tensor {
  return activation === 'relu' ? (engine().runKernel(RELU_BACKPROP_KERNEL, { dy, y }) as Tensor) : dy;
}
