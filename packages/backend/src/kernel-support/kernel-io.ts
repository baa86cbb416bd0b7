import { util, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendInternals } from '../simd/simd-heap';

/** Values of a kernel input or output, as the backend holds them. */
export type KernelValues = Float32Array | Int32Array;

/**
 * Reading a kernel's inputs and making its outputs with JavaScript loops: views of the wasm heap
 * (no copies), or the cpu backend's arrays. For kernels whose cost is their call, not their
 * arithmetic (values per sample), and for the no-SIMD fallbacks.
 */
export interface KernelIo {
  read(t: TensorInfo): KernelValues;
  /** A new output of `shape`, written by `fill` (zero-initialised on cpu only). */
  output(shape: number[], dtype: 'float32' | 'int32', fill: (values: KernelValues) => void): TensorInfo;
}

/** {@link KernelIo} for `backend`, a tfjs-backend-wasm (`backendName` 'wasm') or cpu instance. */
export function kernelIo(backendName: 'wasm' | 'cpu', backend: KernelBackend): KernelIo {
  if (backendName === 'wasm') {
    const wasm = backend as WasmBackendInternals & { typedArrayFromHeap(t: TensorInfo): KernelValues };
    return {
      read: (t) => wasm.typedArrayFromHeap(t),
      output: (shape, dtype, fill) => {
        const out = wasm.makeOutput(shape, dtype);
        fill(wasm.typedArrayFromHeap(out));
        return out;
      },
    };
  }
  return {
    read: (t) => backend.readSync(t.dataId) as KernelValues,
    output: (shape, dtype, fill) => {
      const values = dtype === 'float32' ? new Float32Array(util.sizeFromShape(shape)) : new Int32Array(util.sizeFromShape(shape));
      fill(values);
      return { dataId: backend.write(values, shape, dtype), shape, dtype };
    },
  };
}
