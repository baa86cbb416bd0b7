import {
  UnsortedSegmentSum,
  util,
  type KernelFunc,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import type { HeapBackend } from '../kernel-support/heap-backend';

/**
 * `out[s, ...] = sum of x[i, ...] over i with segmentIds[i] = s` (ids outside [0, numSegments) are
 * dropped, as in TensorFlow). tfjs-backend-wasm 4.22 lacks it, and `gather`'s gradient needs it.
 * One pass over x in JS: O(size(x)), exact, no one-hot matrix.
 */
const kernelFunc = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const wasm = backend as HeapBackend;
  const ids = wasm.readSync(segmentIds.dataId) as Int32Array | Float32Array;
  const values = wasm.readSync(x.dataId) as Float32Array | Int32Array;
  const rowSize = util.sizeFromShape(x.shape.slice(segmentIds.shape.length));
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], dtype);
  const target = wasm.typedArrayFromHeap(out);
  target.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const from = i * rowSize;
    const to = s * rowSize;
    for (let k = 0; k < rowSize; k++) target[to + k]! += values[from + k]!;
  }
  return out;
};

/** `UnsortedSegmentSum` on wasm. */
export const unsortedSegmentSumKernel: KernelDefinition = {
  kernelName: UnsortedSegmentSum,
  group: 'training',
  wasm: () => kernelFunc as unknown as KernelFunc,
};
