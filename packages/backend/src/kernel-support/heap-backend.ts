import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The public methods of tfjs-backend-wasm's `BackendWasm` that JS-written kernels use: read an
 * input, allocate an output on the wasm heap and write it in place.
 */
export interface HeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array;
}
