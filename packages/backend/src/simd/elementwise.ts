import { backend_util, util, type KernelBackend, type KernelFunc, type StepAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BinaryOp, OperandMode, UnaryOp } from '@prunerl/wasm';
import { builtInKernelFunc, type KernelDefinition } from '../kernel-set/kernel-definition';
import type { WasmBackendInternals } from './simd-heap';
import type { SimdKernels } from './simd-runtime';

/**
 * Elementwise ops and reductions on prunerl's generated SIMD kernels (one kernel file per name in
 * `kernels/`, made here). What
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

/**
 * A kernel of the SIMD set that runs `kernel` and hands to tfjs-backend-wasm's own kernel of the
 * name whatever `kernel` does not take (`undefined`).
 */
export function withBuiltInFallback(kernelName: string, kernel: (simd: SimdKernels) => (args: Parameters<KernelFunc>[0]) => TensorInfo | undefined): KernelDefinition {
  return {
    kernelName,
    group: 'simd',
    delegatesToBuiltIn: true,
    wasm: (context) => {
      const builtIn = builtInKernelFunc(context, kernelName);
      const run = kernel(context.simd!);
      return ((args: Parameters<KernelFunc>[0]) => run(args) ?? builtIn(args)) as KernelFunc;
    },
  };
}

/** `kernelName` (a binary op with broadcasting) on the generated `bin_<op>_<a><b>` loops. */
export function simdBinaryKernel(kernelName: string, binary: BinaryOp): KernelDefinition {
  return withBuiltInFallback(kernelName, (simd) => ({ inputs, backend }) => {
    const runtime = simd.runtime(backend as KernelBackend);
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

/** `kernelName` (a unary op) on the generated `un_<op>` loop. */
export function simdUnaryKernel(kernelName: string, unary: UnaryOp): KernelDefinition {
  return withBuiltInFallback(kernelName, (simd) => ({ inputs, backend, attrs }) => {
    const runtime = simd.runtime(backend as KernelBackend);
    const { x } = inputs as { x: TensorInfo };
    if (!runtime || x.dtype !== 'float32') return undefined;
    const out = (backend as WasmBackendInternals).makeOutput([...x.shape], 'float32');
    const alpha = unary === 'step' ? ((attrs as unknown as StepAttrs).alpha ?? 0) : 0;
    runtime.functions[`un_${unary}`]!(runtime.pointer(x), runtime.pointer(out), util.sizeFromShape(x.shape), alpha);
    return out;
  });
}
