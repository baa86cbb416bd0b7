import { util, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { SELECT_ACTION_VALUES_KERNEL } from '@prunerl/core';
import { fusedOnWasmAndCpu } from '../kernel-set/kernel-definition';
import { kernelIo, type KernelValues } from '../kernel-support/kernel-io';

// The loss kernels (this, `scatter-action-values.ts`, `td-loss.ts`, `td-loss-gradient.ts`) are
// JavaScript loops: the tensors are one value per sample or per quantile, where a kernel's cost is
// its call, not its arithmetic.

type KernelArgs = Parameters<KernelFunc>[0];

function checkActions(kernel: string, actions: TensorInfo, batch: number | undefined, numActions: number, values: KernelValues): void {
  if (actions.dtype !== 'int32' || actions.shape.length !== 1 || actions.shape[0] !== batch) {
    throw new Error(`${kernel}: actions must be int32 [${batch}] (one per row), got ${actions.dtype} [${actions.shape}]`);
  }
  for (let b = 0; b < values.length; b++) {
    const a = values[b]!;
    if (!(a >= 0 && a < numActions)) throw new Error(`${kernel}: actions[${b}] is ${a}, expected an action in 0..${numActions - 1}`);
  }
}

function selectKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { values, actions } = inputs as { values: TensorInfo; actions: TensorInfo };
    if (values.dtype !== 'float32' || values.shape.length < 2) throw new Error(`${SELECT_ACTION_VALUES_KERNEL}: values must be float32 [B, ..., A], got ${values.dtype} [${values.shape}]`);
    const io = kernelIo(backendName, backend as KernelBackend);
    const numActions = values.shape[values.shape.length - 1]!;
    const declared = (attrs as unknown as { numActions?: number }).numActions;
    if (declared !== numActions) throw new Error(`${SELECT_ACTION_VALUES_KERNEL}: attrs.numActions is ${declared}, expected ${numActions} (the last axis of values)`);
    const a = io.read(actions);
    checkActions(SELECT_ACTION_VALUES_KERNEL, actions, values.shape[0], numActions, a);
    const q = io.read(values);
    const outShape = values.shape.slice(0, -1);
    const inner = util.sizeFromShape(outShape.slice(1));
    return io.output(outShape, 'float32', (out) => {
      for (let b = 0; b < a.length; b++) for (let i = 0; i < inner; i++) out[b * inner + i] = q[(b * inner + i) * numActions + a[b]!]!;
    });
  }) as unknown as KernelFunc;
}

/** `values[b, ..., actions[b]]` as one kernel (core's {@link SELECT_ACTION_VALUES_KERNEL}), on wasm and cpu. */
export const selectActionValuesKernel = fusedOnWasmAndCpu(SELECT_ACTION_VALUES_KERNEL, selectKernel);
