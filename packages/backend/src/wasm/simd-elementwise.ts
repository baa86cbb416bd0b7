import {
  Abs,
  Add,
  backend_util,
  Cast,
  Maximum,
  MaxPoolGrad,
  Minimum,
  Multiply,
  Neg,
  RealDiv,
  Relu,
  Sqrt,
  Square,
  Step,
  Sub,
  Sum,
  util,
  type CastAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type StepAttrs,
  type SumAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BinaryOp, OperandMode, UnaryOp } from './simd/elementwise-kernels';
import { simdRuntime, type WasmBackendInternals } from './simd/simd-runtime';

/**
 * Elementwise ops, reductions and the max-pool gradient on prunerl's generated SIMD kernels. What
 * they save is mostly per-call cost: the built-in wasm kernels pass shapes through emscripten's
 * `cwrap` as arrays and look tensors up by id in C++, about 3 us per call (measured: a 6-element
 * `add` took 5.1 us through the engine, of which 0.6 us was the engine and 1.2 us the output
 * allocation), and an optimiser step issues ~12 of them per parameter. These kernels take byte
 * addresses and run one SIMD loop. Anything else (other dtypes, broadcasts that are not a
 * row/column pattern) goes to the built-in kernel.
 */

/** How a broadcast binary op is read as `rows x cols` (see `bin_<op>_<a><b>`). */
interface BinaryPlan {
  readonly rows: number;
  readonly cols: number;
  readonly a: { readonly mode: OperandMode; readonly rowBytes: number };
  readonly b: { readonly mode: OperandMode; readonly rowBytes: number };
}

function operand(shape: readonly number[], out: readonly number[], k: number, cols: number): BinaryPlan['a'] | undefined {
  const lead = shape.slice(0, k);
  const trail = shape.slice(k);
  let mode: OperandMode;
  if (util.arraysEqual(trail, out.slice(k))) mode = 'v';
  else if (trail.every((d) => d === 1)) mode = 's';
  else return undefined;
  if (cols === 1) mode = 'v';
  const perRow = mode === 'v' ? cols * 4 : 4;
  if (lead.every((d) => d === 1)) return { mode, rowBytes: 0 };
  if (util.arraysEqual(lead, out.slice(0, k))) return { mode, rowBytes: perRow };
  return undefined;
}

/** The rows x cols reading of `a op b` with the longest rows, or undefined. */
export function planBinary(aShape: readonly number[], bShape: readonly number[], outShape: readonly number[]): BinaryPlan | undefined {
  const rank = outShape.length;
  const pad = (s: readonly number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const a = pad(aShape);
  const b = pad(bShape);
  for (let k = 0; k <= rank; k++) {
    const cols = util.sizeFromShape(outShape.slice(k));
    const rows = util.sizeFromShape(outShape.slice(0, k));
    const pa = operand(a, outShape, k, cols);
    const pb = operand(b, outShape, k, cols);
    if (pa && pb && !(pa.mode === 's' && pb.mode === 's')) return { rows, cols, a: pa, b: pb };
  }
  return undefined;
}

function withFallback(builtIn: KernelConfig, kernelFunc: (args: Parameters<KernelFunc>[0]) => TensorInfo | undefined): KernelConfig {
  return {
    kernelName: builtIn.kernelName,
    backendName: 'wasm',
    kernelFunc: ((args: Parameters<KernelFunc>[0]) => kernelFunc(args) ?? builtIn.kernelFunc(args)) as KernelFunc,
    ...(builtIn.setupFunc ? { setupFunc: builtIn.setupFunc } : {}),
    ...(builtIn.disposeFunc ? { disposeFunc: builtIn.disposeFunc } : {}),
  };
}

const BINARY_KERNELS: Record<string, BinaryOp> = { [Add]: 'add', [Sub]: 'sub', [Multiply]: 'mul', [RealDiv]: 'div', [Maximum]: 'max', [Minimum]: 'min' };
const UNARY_KERNELS: Record<string, UnaryOp> = { [Square]: 'square', [Sqrt]: 'sqrt', [Relu]: 'relu', [Neg]: 'neg', [Abs]: 'abs', [Step]: 'step' };

/** Names of the kernels {@link simdElementwiseConfig} covers. */
export const SIMD_ELEMENTWISE_KERNELS: readonly string[] = [...Object.keys(BINARY_KERNELS), ...Object.keys(UNARY_KERNELS), Cast, Sum];

/** The SIMD version of the elementwise or reduction kernel `builtIn` wraps (see the file comment). */
export function simdElementwiseConfig(builtIn: KernelConfig): KernelConfig {
  const name = builtIn.kernelName;
  const binary = BINARY_KERNELS[name];
  if (binary) {
    return withFallback(builtIn, ({ inputs, backend }) => {
      const runtime = simdRuntime(backend as KernelBackend);
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      if (!runtime || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
      const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const plan = planBinary(a.shape, b.shape, outShape);
      if (!plan) return undefined;
      const out = (backend as WasmBackendInternals).makeOutput(outShape, 'float32');
      if (plan.rows * plan.cols === 0) return out;
      runtime.functions[`bin_${binary}_${plan.a.mode}${plan.b.mode}`]!(runtime.pointer(a), plan.a.rowBytes, runtime.pointer(b), plan.b.rowBytes, runtime.pointer(out), plan.rows, plan.cols);
      return out;
    });
  }
  const unary = UNARY_KERNELS[name];
  if (unary) {
    return withFallback(builtIn, ({ inputs, backend, attrs }) => {
      const runtime = simdRuntime(backend as KernelBackend);
      const { x } = inputs as { x: TensorInfo };
      if (!runtime || x.dtype !== 'float32') return undefined;
      const out = (backend as WasmBackendInternals).makeOutput([...x.shape], 'float32');
      const alpha = unary === 'step' ? ((attrs as unknown as StepAttrs).alpha ?? 0) : 0;
      runtime.functions[`un_${unary}`]!(runtime.pointer(x), runtime.pointer(out), util.sizeFromShape(x.shape), alpha);
      return out;
    });
  }
  if (name === Cast) {
    // A cast to the tensor's own dtype shares its buffer (tensors are immutable), as Identity does.
    return withFallback(builtIn, ({ inputs, backend, attrs }) => {
      const { x } = inputs as { x: TensorInfo };
      if ((attrs as unknown as CastAttrs).dtype !== x.dtype || x.dtype === 'string') return undefined;
      (backend as KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    });
  }
  if (name === Sum) {
    return withFallback(builtIn, ({ inputs, backend, attrs }) => {
      const runtime = simdRuntime(backend as KernelBackend);
      const { x } = inputs as { x: TensorInfo };
      if (!runtime || x.dtype !== 'float32') return undefined;
      const { axis, keepDims } = attrs as unknown as SumAttrs;
      const axes = [...util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
      const rank = x.shape.length;
      const prefix = axes.every((v, i) => v === i);
      const suffix = axes.every((v, i) => v === rank - axes.length + i);
      if (axes.length === 0 || (!prefix && !suffix)) return undefined;
      const [kept, reduced] = backend_util.computeOutAndReduceShapes(x.shape, axes);
      const outShape = keepDims ? backend_util.expandShapeToKeepDim(kept, axes) : kept;
      const out = (backend as WasmBackendInternals).makeOutput(outShape, 'float32');
      const keptSize = util.sizeFromShape(kept);
      const reducedSize = util.sizeFromShape(reduced);
      // Leading axes: column sums of x as [reduced, kept]; trailing axes: row sums of [kept, reduced].
      if (prefix) runtime.functions['sum_cols']!(runtime.pointer(x), runtime.pointer(out), reducedSize, keptSize);
      else runtime.functions['sum_rows']!(runtime.pointer(x), runtime.pointer(out), keptSize, reducedSize);
      return out;
    });
  }
  throw new Error(`no SIMD elementwise kernel for ${name}`);
}

/**
 * `MaxPoolGrad` on the generated kernel: each output cell's gradient goes to the first maximum of
 * its window (as the cpu backend routes it); `fallback` (the JavaScript loop) for other dtypes.
 */
export function simdMaxPoolGradConfig(fallback: KernelFunc): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const runtime = simdRuntime(args.backend as KernelBackend);
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (!runtime || dy.dtype !== 'float32' || input.dtype !== 'float32') return fallback(args) as TensorInfo;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const out = (args.backend as WasmBackendInternals).makeOutput([...input.shape], 'float32');
    const dx = runtime.pointer(out);
    runtime.heap().fill(0, dx / 4, dx / 4 + util.sizeFromShape(input.shape));
    const geometry = runtime.writeInts([
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    ]);
    runtime.functions['max_pool_grad']!(runtime.pointer(input), runtime.pointer(dy), dx, geometry);
    return out;
  };
  return { kernelName: MaxPoolGrad, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
