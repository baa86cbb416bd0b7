import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { addImplicitConvGemm } from './conv-gemm-kernels';
import { addConvHelpers, addFilterRotation } from './conv-helpers';
import { addElementwiseKernels } from './elementwise-kernels';
import { addBroadcastGemm, addDotGemm, addRowGemm } from './gemm-kernels';
import { addSparseProductKernels } from './sparse-product-kernels';
import { WasmModuleBuilder } from '@prunerl/core';

/** The parts of tfjs-backend-wasm's `BackendWasm` the SIMD kernels use. */
export interface WasmBackendInternals extends KernelBackend {
  readonly wasm: {
    readonly asm?: { readonly memory?: WebAssembly.Memory };
    readonly HEAPF32: Float32Array;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
  };
  readonly dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): TensorInfo;
}

/** Signature of the generated GEMM functions (see `gemm-kernels.ts`). */
export type GemmFunction = (a: number, lda: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number, bias: number, flags: number) => void;

/** Signature of the generated patch functions (see `conv-helpers.ts`). */
export type PatchFunction = (x: number, col: number, geometry: number) => void;

/** The generated kernels, bound to one wasm backend's memory. */
export interface SimdRuntime {
  readonly gemmNN: GemmFunction;
  /** `gemmNN` streaming B row by row, for one or few rows of A (see `addRowGemm`). */
  readonly gemmRow: GemmFunction;
  readonly gemmTN: GemmFunction;
  readonly gemmNT: GemmFunction;
  /**
   * A convolution as an implicit GEMM (see `addImplicitConvGemm`): (x, geometry, w, ldb, out, ldc,
   * m, n, zero, bias, flags).
   */
  readonly convNN: GemmFunction;
  /** im2col: writes the patch matrix `[B·Ho·Wo, kh·kw·Cin]` of an NHWC input. */
  readonly im2col: PatchFunction;
  /** col2im: adds a patch matrix back into a (zeroed) NHWC input gradient. */
  readonly col2im: PatchFunction;
  /** Every generated function by export name (elementwise kernels look theirs up by name). */
  readonly functions: Readonly<Record<string, (...args: number[]) => void>>;
  /** Byte address of a tensor's data on the heap. */
  pointer(info: TensorInfo): number;
  /** Allocates `floats` float32 scratch values on the heap (uninitialised); free with {@link SimdRuntime.free}. */
  alloc(floats: number): number;
  free(pointer: number): void;
  /** Writes int32 values to a scratch block (for geometry records); returns its address. */
  writeInts(values: readonly number[]): number;
  /** A fresh float view of the heap (the memory may have grown since the last one). */
  heap(): Float32Array;
}

/** How the kernels are generated; see {@link configureSimdKernels}. */
export interface SimdKernelOptions {
  /** Relaxed-SIMD fused multiply-add in the products (needs an engine with relaxed SIMD). */
  readonly fma: boolean;
}

let options: SimdKernelOptions = { fma: false };
let runtimes = new WeakMap<object, SimdRuntime | null>();
let compiled: WebAssembly.Module | null | undefined;

/**
 * Chooses how the kernels are generated from now on (backends already running get new kernels on
 * their next call).
 */
export function configureSimdKernels(next: SimdKernelOptions): void {
  if (next.fma === options.fma) return;
  options = { ...next };
  compiled = undefined;
  runtimes = new WeakMap();
}

/** The module bytes: every generated kernel. */
export function buildSimdModule(kernelOptions: SimdKernelOptions = options): Uint8Array<ArrayBuffer> {
  const { fma } = kernelOptions;
  const module = new WasmModuleBuilder();
  addBroadcastGemm(module, 'nn', { fma });
  // Products of one to three rows (acting) stream B row by row: 1x7744x512 in 0.55 ms, where the
  // panel kernel took 1.0 ms (XNNPACK with cached packed weights: 0.52 ms).
  addRowGemm(module, fma);
  // TN products are weight gradients (1024x128x32 with A's rows de-aliased: 0.16 ms, 0.21 ms
  // without fused multiply-add; 288x32x256: 94 us against 131 us).
  addBroadcastGemm(module, 'tn', { fma });
  addDotGemm(module, fma);
  addConvHelpers(module);
  addImplicitConvGemm(module, fma);
  addFilterRotation(module);
  addElementwiseKernels(module);
  addSparseProductKernels(module, fma);
  return module.build();
}

function compile(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = buildSimdModule();
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    // No WebAssembly SIMD in this engine: the built-in kernels stay in use.
    compiled = null;
  }
  return compiled;
}

/**
 * The SIMD kernels for `backend` (a tfjs-backend-wasm instance), or `null` when they cannot run
 * there (no SIMD in the engine, or a backend build that does not expose its memory); callers then
 * fall back to the built-in kernels. Compiled once per process, instantiated once per backend, on
 * the backend's own memory, so kernels work on tensors in place.
 */
export function simdRuntime(backend: KernelBackend): SimdRuntime | null {
  const cached = runtimes.get(backend);
  if (cached !== undefined) return cached;
  const internals = backend as WasmBackendInternals;
  const memory = internals.wasm?.asm?.memory;
  const module = compile();
  let runtime: SimdRuntime | null = null;
  if (memory instanceof WebAssembly.Memory && module) {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, unknown>;
    const ints = internals.wasm._malloc(64 * 4);
    runtime = {
      gemmNN: exports['gemm_nn'] as GemmFunction,
      gemmRow: exports['gemm_row'] as GemmFunction,
      gemmTN: exports['gemm_tn'] as GemmFunction,

      gemmNT: exports['gemm_nt'] as GemmFunction,
      convNN: exports['conv_nn'] as GemmFunction,
      im2col: exports['im2col'] as PatchFunction,
      col2im: exports['col2im'] as PatchFunction,
      functions: exports as Record<string, (...args: number[]) => void>,
      pointer: (info) => {
        const data = internals.dataIdMap.get(info.dataId);
        if (!data) throw new Error('wasm SIMD kernel: a tensor input has no data on the wasm backend');
        return data.memoryOffset;
      },
      alloc: (floats) => internals.wasm._malloc(Math.max(1, floats) * 4),
      free: (pointer) => internals.wasm._free(pointer),
      writeInts: (values) => {
        if (values.length > 64) throw new Error('wasm SIMD kernel: too many geometry values');
        new Int32Array(memory.buffer, ints, values.length).set(values);
        return ints;
      },
      heap: () => new Float32Array(memory.buffer),
    };
  }
  runtimes.set(backend, runtime);
  return runtime;
}
