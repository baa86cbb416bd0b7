import { FusedConv2D, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { CONV2D_LAYER_KERNEL, type Conv2DLayerKernelAttrs } from '@prunerl/core';
import { fusedOnWasmAndCpu } from '../kernel-set/kernel-definition';
import { checkActivation, checkFloat, delegate, type KernelArgs } from '../kernel-support/layer-kernel-support';

/** {@link CONV2D_LAYER_KERNEL} on `backendName`: the backend's `FusedConv2D`. */
function conv2dLayer(backendName: string): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { x, filter, bias } = inputs as { x: TensorInfo; filter: TensorInfo; bias: TensorInfo };
    const { activation, strides, pad } = attrs as unknown as Conv2DLayerKernelAttrs;
    checkFloat(CONV2D_LAYER_KERNEL, { x, filter, bias });
    checkActivation(CONV2D_LAYER_KERNEL, activation);
    if (x.shape.length !== 4 || filter.shape.length !== 4 || x.shape[3] !== filter.shape[2] || bias.shape.length !== 1 || bias.shape[0] !== filter.shape[3]) {
      throw new Error(`${CONV2D_LAYER_KERNEL}: shapes x [${x.shape}], filter [${filter.shape}], bias [${bias.shape}] do not make an NHWC convolution (expected [B, H, W, Cin], [k, k, Cin, Cout], [Cout])`);
    }
    return delegate(FusedConv2D, backendName)({
      inputs: { x, filter, bias },
      attrs: { strides, pad, dataFormat: 'NHWC', dilations: 1, activation } as unknown as NamedAttrMap,
      backend,
    }) as TensorInfo;
  }) as unknown as KernelFunc;
}

/**
 * `act(conv2d(x, filter) + b)` as one kernel (core's {@link CONV2D_LAYER_KERNEL}; its gradient is
 * `gradients/conv2d-layer-grad.ts`), on wasm and cpu.
 */
export const conv2dLayerKernel = fusedOnWasmAndCpu(CONV2D_LAYER_KERNEL, conv2dLayer);
