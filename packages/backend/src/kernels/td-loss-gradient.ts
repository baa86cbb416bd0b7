import { type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { TdLossKernelAttrs } from '@prunerl/core';
import { fusedOnWasmAndCpu } from '../kernel-set/kernel-definition';
import { kernelIo } from '../kernel-support/kernel-io';

/** d(loss)/d(predictions) of core's `TD_LOSS_KERNEL`: inputs `{ dy, targets, predictions }`, its attrs. */
export const TD_LOSS_GRADIENT_KERNEL = 'PrunerlTdLossGradient';

type KernelArgs = Parameters<KernelFunc>[0];

const f32 = Math.fround;

/**
 * d(loss)/d(predictions) · dy: mse `-2 (t - p) dy`; huber `-(t - p) dy` inside `delta`, else
 * `-delta sign(t - p) dy` (the derivative the op-by-op form's gradient gives, `min` passing the
 * gradient to `x` at `x = delta`).
 */
function makeTdLossGradientKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { dy, targets, predictions } = inputs as { dy: TensorInfo; targets: TensorInfo; predictions: TensorInfo };
    const a = attrs as unknown as TdLossKernelAttrs;
    const io = kernelIo(backendName, backend as KernelBackend);
    const [g, t, p] = [io.read(dy), io.read(targets), io.read(predictions)];
    const delta = f32(a.delta);
    return io.output([...targets.shape], 'float32', (out) => {
      for (let i = 0; i < out.length; i++) {
        const error = f32(t[i]! - p[i]!);
        let slope: number;
        if (a.kind === 'mse') slope = f32(error * 2);
        else slope = Math.abs(error) <= delta ? error : error > 0 ? delta : -delta;
        out[i] = -f32(g[i]! * slope);
      }
    });
  }) as unknown as KernelFunc;
}

/** {@link TD_LOSS_GRADIENT_KERNEL}, on wasm and cpu. */
export const tdLossGradientKernel = fusedOnWasmAndCpu(TD_LOSS_GRADIENT_KERNEL, makeTdLossGradientKernel);
