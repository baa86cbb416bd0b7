import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { SimdKernels } from '../simd/simd-runtime';

/**
 * Which switch of a kernel set installs a kernel (see `KernelSetOptions`):
 * - `training`: always on wasm, what training needs there (kernels tfjs-backend-wasm lacks or gets
 *   wrong); with `simdKernels` they run on the generated SIMD code, else on the earlier,
 *   convolution-based or JavaScript versions;
 * - `simd`: with `simdKernels` on wasm, replacing tfjs-backend-wasm's own kernel of the name
 *   (restored otherwise);
 * - `fused`: with `fusedKernels`, on wasm and cpu, kernels of names tfjs does not have (core's
 *   kernel names), removed otherwise.
 */
export type KernelGroup = 'training' | 'simd' | 'fused';

/** What a kernel is built from: one value per kernel set, passed down (no module state). */
export interface KernelContext {
  /**
   * The generated SIMD kernels of this set (wasm with `simdKernels`), or `undefined`. Their
   * `runtime(backend)` can still be `null` (an engine without SIMD): kernels then fall back.
   */
  readonly simd: SimdKernels | undefined;
  /** tfjs-backend-wasm's own kernel of `name` (the one prunerl's replaced, if it did), or `undefined`. */
  builtIn(name: string): KernelConfig | undefined;
}

/**
 * One kernel name and how to build it, as tfjs's one-file-per-kernel `KernelConfig`s, except that a
 * kernel here is a function of its {@link KernelContext}. Every kernel of this package is one file
 * exporting one of these, listed once in `ALL_KERNELS`.
 */
export interface KernelDefinition {
  readonly kernelName: string;
  readonly group: KernelGroup;
  /** The kernel on wasm. */
  readonly wasm?: (context: KernelContext) => KernelFunc;
  /** The kernel on cpu (fused kernels only). */
  readonly cpu?: (context: KernelContext) => KernelFunc;
  /**
   * The wasm kernel hands some calls to tfjs-backend-wasm's own kernel of the same name, so its
   * registration keeps the built-in one's `setupFunc`/`disposeFunc` (they bind its wasm functions).
   */
  readonly delegatesToBuiltIn?: boolean;
}

/** `context`'s built-in kernel function `name`, which a replacement hands calls to (an error if tfjs-backend-wasm has none). */
export function builtInKernelFunc(context: KernelContext, name: string): KernelFunc {
  const config = context.builtIn(name);
  if (!config) throw new Error(`tfjs-backend-wasm has no ${name} kernel to wrap`);
  return config.kernelFunc;
}

/** A fused kernel whose wasm and cpu versions are one function of the backend name (JavaScript loops over `kernelIo`). */
export function fusedOnWasmAndCpu(kernelName: string, make: (backendName: 'wasm' | 'cpu') => KernelFunc): KernelDefinition {
  return { kernelName, group: 'fused', wasm: () => make('wasm'), cpu: () => make('cpu') };
}
