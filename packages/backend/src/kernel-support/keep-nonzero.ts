import { util, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendInternals } from '../simd/simd-heap';
import type { SimdKernels } from '../simd/simd-runtime';

/**
 * `out[i] = w[i] == 0 ? 0 : out[i]` in place on the wasm heap (`out` a fresh kernel output of
 * `w`'s size): a dense weight gradient restricted to the nonzero weights. The SIMD kernel where it
 * runs, else a loop.
 */
export function keepNonzero(backend: KernelBackend, simd: SimdKernels, out: TensorInfo, w: TensorInfo): void {
  const size = util.sizeFromShape(w.shape);
  const runtime = simd.runtime(backend);
  if (runtime) {
    runtime.functions['keep_nonzero']!(runtime.pointer(out), runtime.pointer(w), size);
    return;
  }
  const internals = backend as WasmBackendInternals;
  const heap = internals.wasm.HEAPF32;
  const o = internals.dataIdMap.get(out.dataId)!.memoryOffset / 4;
  const k = internals.dataIdMap.get(w.dataId)!.memoryOffset / 4;
  for (let i = 0; i < size; i++) if (heap[k + i] === 0) heap[o + i] = 0;
}
