import {
  _FusedMatMul,
  BatchMatMul,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  engine,
  FusedConv2D,
  getGradient,
  getKernel,
  matMul,
  mul,
  registerGradient,
  step,
  sum,
  util,
  type GradConfig,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { backendHasKernel, CONV2D_LAYER_KERNEL, DENSE_LAYER_KERNEL, RELU_BACKPROP_KERNEL, type Conv2DLayerKernelAttrs, type LayerKernelAttrs } from '@prunerl/core';
import { kernelIo } from '../kernel-io';
import { simdRuntime, type WasmBackendInternals } from '../wasm/simd/simd-runtime';
import { sparseDenseForward, sparseDenseInputGradient } from '../wasm/sparse-dense-products';
import { borrowTensor, toKernelOutput } from '../wasm/tensor-output';

// The names and attributes are core's contract (networks use them without importing this
// package); this file registers the implementations and their gradients.
export { CONV2D_LAYER_KERNEL, DENSE_LAYER_KERNEL, RELU_BACKPROP_KERNEL };

type KernelArgs = Parameters<KernelFunc>[0];

function checkFloat(kernel: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) {
    if (t.dtype !== 'float32') throw new Error(`${kernel}: input ${name} must be float32, got ${t.dtype}`);
  }
}

function checkActivation(kernel: string, activation: string): void {
  if (activation !== 'relu' && activation !== 'linear') throw new Error(`${kernel}: activation must be 'relu' or 'linear', got ${String(activation)}`);
}

/** The backend's own kernel `name`, which a fused layer kernel hands its work to. */
function delegate(name: string, backendName: string): KernelFunc {
  const config = getKernel(name, backendName);
  if (!config) throw new Error(`backend ${backendName} has no ${name} kernel`);
  return config.kernelFunc;
}

const reshaped = (t: TensorInfo, shape: number[]): TensorInfo => ({ dataId: t.dataId, shape, dtype: t.dtype });

/**
 * The backend's product kernel `name` (`BatchMatMul` or `_FusedMatMul`, which take rank-3 operands
 * on every backend) on `[1, ...]` views of the 2-D `a` and `b`, its result viewed as 2-D again.
 */
function product2d(name: string, backendName: string, backend: KernelArgs['backend'], a: TensorInfo, b: TensorInfo, attrs: Record<string, unknown>, bias?: TensorInfo): TensorInfo {
  const out = delegate(name, backendName)({
    inputs: { a: reshaped(a, [1, ...a.shape]), b: reshaped(b, [1, ...b.shape]), ...(bias ? { bias } : {}) },
    attrs: attrs as unknown as NamedAttrMap,
    backend,
  }) as TensorInfo;
  return reshaped(out, out.shape.slice(1));
}

/**
 * The input gradient of a dense layer, `g Wᵀ` (inputs `{ dy: g [B, out], kernel: W [in, out] }`):
 * registered on wasm, where pruned weights take the sparse product. A backend-internal kernel (only
 * this package's gradient runs it); elsewhere the gradient uses `matMul`.
 */
export const DENSE_INPUT_GRADIENT_KERNEL = 'PrunerlDenseInputGradient';

const denseInputGradientWasm = (({ inputs, backend }: KernelArgs) => {
  const { dy, kernel } = inputs as { dy: TensorInfo; kernel: TensorInfo };
  checkFloat(DENSE_INPUT_GRADIENT_KERNEL, { dy, kernel });
  if (dy.shape.length !== 2 || kernel.shape.length !== 2 || dy.shape[1] !== kernel.shape[1]) {
    throw new Error(`${DENSE_INPUT_GRADIENT_KERNEL}: dy [${dy.shape}] and kernel [${kernel.shape}] do not match (expected [B, out] and [in, out])`);
  }
  return sparseDenseInputGradient(backend as KernelBackend, dy, kernel) ?? product2d(BatchMatMul, 'wasm', backend, dy, kernel, { transposeA: false, transposeB: true });
}) as unknown as KernelFunc;

/**
 * {@link DENSE_LAYER_KERNEL} on `backendName`: the sparse product for pruned weights on wasm (see
 * `sparse-dense-products.ts`), else the backend's `_FusedMatMul`.
 */
function denseLayerKernel(backendName: string): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { x, kernel, bias } = inputs as { x: TensorInfo; kernel: TensorInfo; bias: TensorInfo };
    const { activation } = attrs as unknown as LayerKernelAttrs;
    checkFloat(DENSE_LAYER_KERNEL, { x, kernel, bias });
    checkActivation(DENSE_LAYER_KERNEL, activation);
    const [kIn, units] = kernel.shape as [number, number];
    if (x.shape.length !== 2 || kernel.shape.length !== 2 || x.shape[1] !== kIn || bias.shape.length !== 1 || bias.shape[0] !== units) {
      throw new Error(`${DENSE_LAYER_KERNEL}: shapes x [${x.shape}], kernel [${kernel.shape}], bias [${bias.shape}] do not make a dense layer (expected [B, in], [in, out], [out])`);
    }
    if (backendName === 'wasm') {
      const sparse = sparseDenseForward(backend as KernelBackend, x, kernel, bias, activation === 'relu');
      if (sparse) return sparse;
    }
    return product2d(_FusedMatMul, backendName, backend, x, kernel, { transposeA: false, transposeB: false, activation }, bias);
  }) as unknown as KernelFunc;
}

/** {@link CONV2D_LAYER_KERNEL} on `backendName`: the backend's `FusedConv2D`. */
function conv2dLayerKernel(backendName: string): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { x, filter, bias } = inputs as { x: TensorInfo; filter: TensorInfo; bias: TensorInfo };
    const { activation, strides, pad } = attrs as unknown as Conv2DLayerKernelAttrs;
    checkFloat(CONV2D_LAYER_KERNEL, { x, filter, bias });
    checkActivation(CONV2D_LAYER_KERNEL, activation);
    if (x.shape.length !== 4 || filter.shape.length !== 4 || x.shape[3] !== filter.shape[2] || bias.shape.length !== 1 || bias.shape[0] !== filter.shape[3]) {
      throw new Error(`${CONV2D_LAYER_KERNEL}: shapes x [${x.shape}], filter [${filter.shape}], bias [${bias.shape}] do not make an NHWC convolution (expected [B, H, W, Cin], [k, k, Cin, Cout], [Cout])`);
    }
    return delegate(FusedConv2D, backendName)({
      inputs: { x, filter, bias },
      attrs: { strides, pad, dataFormat: 'NHWC', dilations: 1, activation } as unknown as NamedAttrMap,
      backend,
    }) as TensorInfo;
  }) as unknown as KernelFunc;
}

function checkReluInputs(dy: TensorInfo, y: TensorInfo): void {
  checkFloat(RELU_BACKPROP_KERNEL, { dy, y });
  if (!util.arraysEqual(dy.shape, y.shape)) throw new Error(`${RELU_BACKPROP_KERNEL}: dy [${dy.shape}] and y [${y.shape}] must have one shape`);
}

/** {@link RELU_BACKPROP_KERNEL} on wasm: one SIMD pass (`bin_reluGrad_vv`), or tfjs ops without SIMD. */
const reluBackpropWasm = (({ inputs, backend }: KernelArgs) => {
  const { dy, y } = inputs as { dy: TensorInfo; y: TensorInfo };
  checkReluInputs(dy, y);
  const runtime = simdRuntime(backend as KernelBackend);
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

/** The ReLU mask applied to the incoming gradient, once per layer (every parameter's gradient uses it). */
function activationBackprop(dy: Tensor, y: Tensor, activation: LayerKernelAttrs['activation']): Tensor {
  return activation === 'relu' ? (engine().runKernel(RELU_BACKPROP_KERNEL, { dy, y }) as Tensor) : dy;
}

/**
 * Gradient of {@link DENSE_LAYER_KERNEL}: with g the masked incoming gradient, dx = g Wᵀ,
 * dW = xᵀ g, db = Σ_batch g. The tape asks only for the inputs on a path to what is
 * differentiated, so a network's input layer computes no dx.
 */
const denseLayerGradient: GradConfig = {
  kernelName: DENSE_LAYER_KERNEL,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, y] = saved as [Tensor, Tensor, Tensor];
    const g = activationBackprop(dy as Tensor, y, (attrs as unknown as LayerKernelAttrs).activation);
    return {
      x: () => (backendHasKernel(DENSE_INPUT_GRADIENT_KERNEL) ? (engine().runKernel(DENSE_INPUT_GRADIENT_KERNEL, { dy: g, kernel }) as Tensor) : matMul(g, kernel, false, true)),
      kernel: () => matMul(x, g, true, false),
      bias: () => sum(g, 0),
    };
  },
};

/** Gradient of {@link CONV2D_LAYER_KERNEL}: the backend's convolution gradients of the masked incoming gradient. */
const conv2dLayerGradient: GradConfig = {
  kernelName: CONV2D_LAYER_KERNEL,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [Tensor, Tensor, Tensor];
    const { activation, strides, pad } = attrs as unknown as Conv2DLayerKernelAttrs;
    const g = activationBackprop(dy as Tensor, y, activation);
    const common = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
    return {
      x: () => engine().runKernel(Conv2DBackpropInput, { dy: g, filter }, { ...common, inputShape: x.shape } as unknown as NamedAttrMap) as Tensor,
      filter: () => engine().runKernel(Conv2DBackpropFilter, { x, dy: g }, { ...common, filterShape: filter.shape } as unknown as NamedAttrMap) as Tensor,
      bias: () => sum(g, [0, 1, 2]),
    };
  },
};

function layerKernels(backendName: 'wasm' | 'cpu'): readonly KernelConfig[] {
  return [
    { kernelName: DENSE_LAYER_KERNEL, backendName, kernelFunc: denseLayerKernel(backendName) },
    { kernelName: CONV2D_LAYER_KERNEL, backendName, kernelFunc: conv2dLayerKernel(backendName) },
    { kernelName: RELU_BACKPROP_KERNEL, backendName, kernelFunc: backendName === 'wasm' ? reluBackpropWasm : reluBackpropCpu },
    ...(backendName === 'wasm' ? [{ kernelName: DENSE_INPUT_GRADIENT_KERNEL, backendName, kernelFunc: denseInputGradientWasm }] : []),
  ];
}

/** Registrations of the fused layer kernels on wasm and on cpu. */
export const FUSED_LAYER_KERNELS: readonly KernelConfig[] = [...layerKernels('wasm'), ...layerKernels('cpu')];

/** Names of the fused layer kernels. */
export const FUSED_LAYER_KERNEL_NAMES: readonly string[] = [DENSE_LAYER_KERNEL, CONV2D_LAYER_KERNEL, RELU_BACKPROP_KERNEL, DENSE_INPUT_GRADIENT_KERNEL];

/** The gradients of the fused layer kernels (backend-independent: they run other kernels). */
export const FUSED_LAYER_GRADIENTS: readonly GradConfig[] = [denseLayerGradient, conv2dLayerGradient];

/** Registers the gradients of the fused layer kernels, once. */
export function registerFusedLayerGradients(): void {
  for (const config of FUSED_LAYER_GRADIENTS) if (!getGradient(config.kernelName)) registerGradient(config);
}
