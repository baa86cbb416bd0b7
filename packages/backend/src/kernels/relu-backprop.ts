import { mul, step, util, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { RELU_BACKPROP_KERNEL } from '@prunerl/core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import { kernelIo } from '../kernel-support/kernel-io';
import { checkFloat, type KernelArgs } from '../kernel-support/layer-kernel-support';
import { borrowTensor, toKernelOutput } from '../kernel-support/tensor-output';
import type { WasmBackendInternals } from '../simd/simd-heap';
import type { SimdKernels } from '../simd/simd-runtime';

function checkReluInputs(dy: TensorInfo, y: TensorInfo): void {
  checkFloat(RELU_BACKPROP_KERNEL, { dy, y });
  if (!util.arraysEqual(dy.shape, y.shape)) throw new Error(`${RELU_BACKPROP_KERNEL}: dy [${dy.shape}] and y [${y.shape}] must have one shape`);
}

/** {@link RELU_BACKPROP_KERNEL} on wasm: one SIMD pass (`bin_reluGrad_vv`), or tfjs ops without SIMD. */
function reluBackpropWasm(simd: SimdKernels | undefined): KernelFunc {
  return (({ inputs, backend }: KernelArgs) => {
    const { dy, y } = inputs as { dy: TensorInfo; y: TensorInfo };
    checkReluInputs(dy, y);
    const runtime = simd?.runtime(backend as KernelBackend);
    if (!runtime) {
      const [tdy, ty] = [borrowTensor(backend as KernelBackend, dy), borrowTensor(backend as KernelBackend, y)];
      try {
        return toKernelOutput(backend as KernelBackend, mul(tdy, step(ty)));
      } finally {
        tdy.dispose();
        ty.dispose();
      }
    }
    const out = (backend as WasmBackendInternals).makeOutput([...dy.shape], 'float32');
    const n = util.sizeFromShape(dy.shape);
    if (n > 0) runtime.functions['bin_reluGrad_vv']!(runtime.pointer(dy), 0, runtime.pointer(y), 0, runtime.pointer(out), 1, n);
    return out;
  }) as unknown as KernelFunc;
}

/** {@link RELU_BACKPROP_KERNEL} on cpu, a JavaScript loop (same float results as `dy * step(y)`). */
const reluBackpropCpu = (({ inputs, backend }: KernelArgs) => {
  const { dy, y } = inputs as { dy: TensorInfo; y: TensorInfo };
  checkReluInputs(dy, y);
  const io = kernelIo('cpu', backend as KernelBackend);
  const [g, v] = [io.read(dy), io.read(y)];
  return io.output([...dy.shape], 'float32', (out) => {
    for (let i = 0; i < out.length; i++) out[i] = g[i]! * (v[i]! > 0 ? 1 : 0);
  });
}) as unknown as KernelFunc;

/** The ReLU's backward pass from its output, `dy * step(y)` (core's {@link RELU_BACKPROP_KERNEL}), on wasm and cpu. */
export const reluBackpropKernel: KernelDefinition = {
  kernelName: RELU_BACKPROP_KERNEL,
  group: 'fused',
  wasm: ({ simd }) => reluBackpropWasm(simd),
  cpu: () => reluBackpropCpu,
};
