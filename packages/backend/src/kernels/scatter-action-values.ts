import { util, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { fusedOnWasmAndCpu } from '../kernel-set/kernel-definition';
import { kernelIo } from '../kernel-support/kernel-io';

/** Gradient of the selection: `dy` put back at each row's action, zeros elsewhere (attrs `{ numActions }`). */
export const SCATTER_ACTION_VALUES_KERNEL = 'PrunerlScatterActionValues';

type KernelArgs = Parameters<KernelFunc>[0];

function scatterKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { dy, actions } = inputs as { dy: TensorInfo; actions: TensorInfo };
    const { numActions } = attrs as unknown as { numActions: number };
    const io = kernelIo(backendName, backend as KernelBackend);
    const a = io.read(actions);
    const g = io.read(dy);
    const inner = util.sizeFromShape(dy.shape.slice(1));
    return io.output([...dy.shape, numActions], 'float32', (out) => {
      out.fill(0);
      for (let b = 0; b < a.length; b++) for (let i = 0; i < inner; i++) out[(b * inner + i) * numActions + a[b]!] = g[b * inner + i]!;
    });
  }) as unknown as KernelFunc;
}

/** {@link SCATTER_ACTION_VALUES_KERNEL}, on wasm and cpu. */
export const scatterActionValuesKernel = fusedOnWasmAndCpu(SCATTER_ACTION_VALUES_KERNEL, scatterKernel);
