import { WasmModuleBuilder } from '../module/wasm-module-builder';
import { addSparseKernels } from '../sparse/sparse-kernels';
import { addImplicitConvGemm } from './conv-gemm-kernels';
import { addBoxGather, addConvHelpers, addFilterRotation } from './conv-helpers';
import { addElementwiseKernels } from './elementwise-kernels';
import { addBroadcastGemm, addDotGemm, addRowGemm } from './gemm-kernels';

/** How the training kernels are generated (see {@link buildSimdModule}). */
export interface SimdModuleOptions {
  /** Relaxed-SIMD fused multiply-add in the products (needs an engine with relaxed SIMD). */
  readonly fma: boolean;
  /**
   * Import a shared memory of at most this many 64 KiB pages (the module of kernel helper threads,
   * which run on a `SharedArrayBuffer`-backed memory) instead of an ordinary one.
   */
  readonly sharedMemoryPages?: number;
}

/** Signature of the generated GEMM functions (see `gemm-kernels.ts`). */
export type GemmFunction = (a: number, lda: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number, bias: number, flags: number) => void;

/** Signature of the generated patch functions (see `conv-helpers.ts`). */
export type PatchFunction = (x: number, col: number, geometry: number) => void;

/**
 * The bytes of the training module: every generated kernel @prunerl/backend runs on the memory of
 * tfjs-backend-wasm (products, convolutions, elementwise ops, Adam, and the sparse kernels).
 */
export function buildSimdModule(options: SimdModuleOptions): Uint8Array<ArrayBuffer> {
  const { fma } = options;
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
  addBoxGather(module);
  addImplicitConvGemm(module, fma);
  addFilterRotation(module);
  addElementwiseKernels(module);
  addSparseKernels(module, { fma });
  return module.build(options.sharedMemoryPages === undefined ? {} : { sharedMemoryPages: options.sharedMemoryPages });
}
