import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import type { GemmFunction, PatchFunction } from '@prunerl/wasm';
import type { KernelHelper } from './kernel-helpers';

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

/** The generated kernels (@prunerl/wasm's `buildSimdModule`), bound to one wasm backend's memory. */
export interface SimdHeap {
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
  /** Allocates `floats` float32 scratch values on the heap (uninitialised); free with {@link SimdHeap.free}. */
  alloc(floats: number): number;
  free(pointer: number): void;
  /** Writes int32 values to a scratch block (for geometry records); returns its address. */
  writeInts(values: readonly number[]): number;
  /** A fresh float view of the heap (the memory may have grown since the last one). */
  heap(): Float32Array;
  /** The kernel helper threads large convolutions share their work with (none by default). */
  helpers(): readonly KernelHelper[];
}
