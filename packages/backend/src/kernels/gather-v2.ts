import {
  backend_util,
  GatherV2,
  util,
  type GatherV2Attrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import type { HeapBackend } from '../kernel-support/heap-backend';

/**
 * Gather for wasm. tfjs-backend-wasm 4.22 returns wrong values (or reads out of bounds) when
 * `batchDims > 0`, the form agents use to pick Q(s, a) per row; those calls run here in JS:
 * out[b, o, i, s] = x[b, o, indices[b, i], s]. Plain gathers (`batchDims = 0`) keep the backend's
 * own fast kernel.
 */
function makeKernel(builtIn: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x, indices } = inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = attrs as unknown as GatherV2Attrs;
    if (!batchDims && builtIn) return builtIn(args);
    const wasm = backend as HeapBackend;
    const parsedAxis = util.parseAxisParam(axis, x.shape)[0]!;
    const shape = backend_util.segment_util.collectGatherOpShapeInfo(x, indices, parsedAxis, batchDims);
    const values = wasm.readSync(x.dataId) as Float32Array | Int32Array;
    const ids = wasm.readSync(indices.dataId) as Int32Array | Float32Array;
    const out = wasm.makeOutput(shape.outputShape, x.dtype === 'int32' ? 'int32' : 'float32');
    const target = wasm.typedArrayFromHeap(out);
    const { batchSize, outerSize, dimSize, sliceSize } = shape;
    const perBatch = ids.length / batchSize;
    let w = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let o = 0; o < outerSize; o++) {
        for (let i = 0; i < perBatch; i++) {
          const index = ids[b * perBatch + i]!;
          if (index < 0 || index >= dimSize) {
            throw new Error(`GatherV2: index ${index} is not in [0, ${dimSize - 1}].`);
          }
          const from = ((b * outerSize + o) * dimSize + index) * sliceSize;
          for (let s = 0; s < sliceSize; s++) target[w++] = values[from + s]!;
        }
      }
    }
    return out;
  };
}

/** `GatherV2` on wasm, wrapping the backend's own kernel (whose `setupFunc` binds the wasm function it delegates to). */
export const gatherV2Kernel: KernelDefinition = {
  kernelName: GatherV2,
  group: 'training',
  delegatesToBuiltIn: true,
  wasm: (context) => makeKernel(context.builtIn(GatherV2)?.kernelFunc),
};
