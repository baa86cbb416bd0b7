import { engine, util, type KernelBackend, type KernelFunc, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_ADAM_KERNEL, type FusedAdamAttrs } from '@prunerl/core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import type { WasmBackendInternals } from '../simd/simd-heap';
import type { SimdKernels } from '../simd/simd-runtime';

// The kernel's name and attributes are core's contract (optimisers in @prunerl/agents use them
// without importing this package); this file registers the implementations.
export { FUSED_ADAM_KERNEL };
export type { FusedAdamAttrs };

interface Inputs {
  readonly x: TensorInfo;
  readonly g: TensorInfo;
  readonly m: TensorInfo;
  readonly v: TensorInfo;
}

function checkInputs(inputs: Inputs): void {
  const { x, g, m, v } = inputs;
  for (const [name, t] of [['g', g], ['m', m], ['v', v]] as const) {
    if (!util.arraysEqual(t.shape, x.shape)) throw new Error(`${FUSED_ADAM_KERNEL}: input ${name} has shape [${t.shape}], expected [${x.shape}] (the parameter's)`);
  }
  for (const t of [x, g, m, v]) if (t.dtype !== 'float32') throw new Error(`${FUSED_ADAM_KERNEL}: inputs must be float32, got ${t.dtype}`);
}

const f32 = Math.fround;

/**
 * The same step in JavaScript on float32 values (each operation rounded to float32, in the order
 * of the op-by-op form): the cpu backend's kernel, and the wasm fallback without SIMD.
 */
export function fusedAdamReference(x: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, attrs: FusedAdamAttrs, out: { x: Float32Array; m: Float32Array; v: Float32Array }): void {
  const [b1, c1, b2, c2, step, eps] = [f32(attrs.beta1), f32(attrs.oneMinusBeta1), f32(attrs.beta2), f32(attrs.oneMinusBeta2), f32(attrs.stepSize), f32(attrs.epsilon)];
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const mi = f32(f32(m[i]! * b1) + f32(gi * c1));
    const vi = f32(f32(v[i]! * b2) + f32(f32(gi * gi) * c2));
    const update = f32(f32(mi / f32(f32(Math.sqrt(vi)) + eps)) * step);
    out.m[i] = mi;
    out.v[i] = vi;
    out.x[i] = f32(x[i]! - update);
  }
}

/** The wasm kernel: one pass of the generated `adam` loop, or the reference loop without SIMD kernels. */
const wasmKernel = (simd: SimdKernels | undefined) => ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo[] => {
  const typed = inputs as unknown as Inputs;
  checkInputs(typed);
  const a = attrs as unknown as FusedAdamAttrs;
  const wasm = backend as WasmBackendInternals;
  const shape = [...typed.x.shape];
  const outs = [wasm.makeOutput(shape, 'float32'), wasm.makeOutput(shape, 'float32'), wasm.makeOutput(shape, 'float32')];
  const n = util.sizeFromShape(shape);
  const runtime = simd?.runtime(backend as KernelBackend);
  if (runtime) {
    const p = (t: TensorInfo): number => runtime.pointer(t);
    runtime.functions['adam']!(p(typed.x), p(typed.g), p(typed.m), p(typed.v), p(outs[0]!), p(outs[1]!), p(outs[2]!), n, a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.stepSize, a.epsilon);
    return outs;
  }
  const view = (t: TensorInfo): Float32Array => (backend as unknown as { typedArrayFromHeap(t: TensorInfo): Float32Array }).typedArrayFromHeap(t);
  fusedAdamReference(view(typed.x), view(typed.g), view(typed.m), view(typed.v), a, { x: view(outs[0]!), m: view(outs[1]!), v: view(outs[2]!) });
  return outs;
};

const cpuKernel = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo[] => {
  const typed = inputs as unknown as Inputs;
  checkInputs(typed);
  const cpu = backend as KernelBackend;
  const read = (t: TensorInfo): Float32Array => cpu.readSync(t.dataId) as Float32Array;
  const n = util.sizeFromShape(typed.x.shape);
  const out = { x: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  fusedAdamReference(read(typed.x), read(typed.g), read(typed.m), read(typed.v), attrs as unknown as FusedAdamAttrs, out);
  const shape = [...typed.x.shape];
  return [out.x, out.m, out.v].map((values) => ({ dataId: cpu.write(values, shape, 'float32'), shape, dtype: 'float32' as const }));
};

/** {@link FUSED_ADAM_KERNEL} on wasm and cpu. */
export const fusedAdamKernel: KernelDefinition = {
  kernelName: FUSED_ADAM_KERNEL,
  group: 'fused',
  wasm: ({ simd }) => wasmKernel(simd) as unknown as KernelFunc,
  cpu: () => cpuKernel as unknown as KernelFunc,
};

/**
 * One Adam step through {@link FUSED_ADAM_KERNEL} on the active backend: returns `[x', m', v']`
 * (new tensors; the caller assigns them to its variables). Throws if the backend has no such
 * kernel (`tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend())` tells beforehand).
 *
 * @example
 * ```ts
 * const [x, m, v] = fusedAdamStep(variable, gradient, slotM, slotV, { beta1: 0.9, oneMinusBeta1: 1 - 0.9, beta2: 0.999, oneMinusBeta2: 1 - 0.999, stepSize, epsilon });
 * slotM.assign(m); slotV.assign(v); variable.assign(x);
 * ```
 */
export function fusedAdamStep(x: Tensor, g: Tensor, m: Tensor, v: Tensor, attrs: FusedAdamAttrs): [Tensor, Tensor, Tensor] {
  return engine().runKernel(FUSED_ADAM_KERNEL, { x, g, m, v }, attrs as unknown as Record<string, number>) as unknown as [Tensor, Tensor, Tensor];
}
