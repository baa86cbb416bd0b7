import { util, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { TD_LOSS_KERNEL, type TdLossKernelAttrs } from '@prunerl/core';
import { fusedOnWasmAndCpu } from '../kernel-set/kernel-definition';
import { kernelIo } from '../kernel-support/kernel-io';

type KernelArgs = Parameters<KernelFunc>[0];

const f32 = Math.fround;

function checkLoss(kernel: string, targets: TensorInfo, predictions: TensorInfo, attrs: TdLossKernelAttrs): void {
  if (targets.dtype !== 'float32' || predictions.dtype !== 'float32' || !util.arraysEqual(targets.shape, predictions.shape)) {
    throw new Error(`${kernel}: targets (${targets.dtype} [${targets.shape}]) and predictions (${predictions.dtype} [${predictions.shape}]) must be float32 of one shape`);
  }
  if (attrs.kind !== 'mse' && attrs.kind !== 'huber') throw new Error(`${kernel}: kind must be 'mse' or 'huber', got ${String(attrs.kind)}`);
  if (attrs.kind === 'huber' && !(attrs.delta > 0)) throw new Error(`${kernel}: delta must be > 0, got ${attrs.delta}`);
}

/** The loss, each operation rounded to float32 in the order of the op-by-op form (agents' `elementwiseTdLoss`). */
function makeTdLossKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { targets, predictions } = inputs as { targets: TensorInfo; predictions: TensorInfo };
    const a = attrs as unknown as TdLossKernelAttrs;
    checkLoss(TD_LOSS_KERNEL, targets, predictions, a);
    const io = kernelIo(backendName, backend as KernelBackend);
    const t = io.read(targets);
    const p = io.read(predictions);
    const delta = f32(a.delta);
    return io.output([...targets.shape], 'float32', (out) => {
      for (let i = 0; i < out.length; i++) {
        const error = f32(t[i]! - p[i]!);
        if (a.kind === 'mse') {
          out[i] = f32(error * error);
        } else {
          const x = Math.abs(error);
          const q = Math.min(x, delta);
          out[i] = f32(f32(f32(q * q) * 0.5) + f32(f32(x - q) * delta));
        }
      }
    });
  }) as unknown as KernelFunc;
}

/** The elementwise TD loss as one kernel (core's {@link TD_LOSS_KERNEL}), on wasm and cpu. */
export const tdLossKernel = fusedOnWasmAndCpu(TD_LOSS_KERNEL, makeTdLossKernel);
