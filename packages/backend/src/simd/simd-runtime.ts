import type { KernelBackend } from '@tensorflow/tfjs-core';
import { buildSimdModule, type GemmFunction, type PatchFunction, type SimdModuleOptions } from '@prunerl/wasm';
import type { KernelHelper } from './kernel-helpers';
import { PatchCache } from './patch-cache';
import type { SimdHeap, WasmBackendInternals } from './simd-heap';
import { NOTHING_SPARSE, SPARSE_CONV_WEIGHTS, SPARSE_WEIGHTS, SparseWeightIndex } from './sparse-weights';

/**
 * The generated kernels on one backend's memory, with what they keep there between calls: the
 * patch matrices of training-forward convolutions (for their filter gradients) and the sparsity
 * patterns of pruned weights.
 */
export interface SimdRuntime extends SimdHeap {
  readonly patches: PatchCache;
  readonly sparseWeights: SparseWeightIndex;
  /** The patterns of pruned convolution filters (as `[kh·kw·Cin, Cout]` matrices). */
  readonly sparseConvWeights: SparseWeightIndex;
}

/**
 * The generated SIMD kernels of one kernel set: the module compiled once, from the set's options,
 * when the set is built; instantiated once per backend, on the backend's own memory, so kernels
 * work on tensors in place. Kernels receive it from their set (no module state).
 */
export class SimdKernels {
  private readonly module: WebAssembly.Module | null;
  private readonly runtimes = new WeakMap<object, SimdRuntime | null>();
  private helperThreads: readonly KernelHelper[] = [];

  /**
   * `sparse`: pruned weights take the sparse kernels (the runtimes' weight indexes find patterns);
   * `false`, no weight matrix counts as sparse.
   */
  constructor(
    readonly options: SimdModuleOptions,
    private readonly sparse = true,
  ) {
    let module: WebAssembly.Module | null;
    try {
      const bytes = buildSimdModule(options);
      module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      // No WebAssembly SIMD in this engine: the kernels fall back to the built-in ones.
      module = null;
    }
    this.module = module;
  }

  /** Sets the helper threads the kernels share large convolutions with (`initBackend({ kernelThreads })`). */
  setHelpers(helpers: readonly KernelHelper[]): void {
    this.helperThreads = helpers;
  }

  /** The helper threads in use (a helper that stopped answering is left out). */
  helpers(): readonly KernelHelper[] {
    return this.helperThreads.every((h) => h.alive) ? this.helperThreads : this.helperThreads.filter((h) => h.alive);
  }

  /**
   * The kernels on `backend` (a tfjs-backend-wasm instance), or `null` when they cannot run there
   * (no SIMD in the engine, or a backend build that does not expose its memory); callers then fall
   * back to the built-in kernels.
   */
  runtime(backend: KernelBackend): SimdRuntime | null {
    const cached = this.runtimes.get(backend);
    if (cached !== undefined) return cached;
    const internals = backend as WasmBackendInternals;
    const memory = internals.wasm?.asm?.memory;
    let runtime: SimdRuntime | null = null;
    if (memory instanceof WebAssembly.Memory && this.module) {
      const exports = new WebAssembly.Instance(this.module, { env: { memory } }).exports as Record<string, unknown>;
      const ints = internals.wasm._malloc(64 * 4);
      const heap: SimdHeap = {
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
        helpers: () => this.helpers(),
      };
      runtime = {
        ...heap,
        patches: new PatchCache(heap, (dataId) => internals.dataIdMap.get(dataId) !== undefined),
        sparseWeights: new SparseWeightIndex(heap, this.sparse ? SPARSE_WEIGHTS : NOTHING_SPARSE),
        sparseConvWeights: new SparseWeightIndex(heap, this.sparse ? SPARSE_CONV_WEIGHTS : NOTHING_SPARSE),
      };
    }
    this.runtimes.set(backend, runtime);
    return runtime;
  }
}
