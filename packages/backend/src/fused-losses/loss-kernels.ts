import {
  engine,
  getGradient,
  neg,
  registerGradient,
  util,
  zerosLike,
  type GradConfig,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL, type TdLossKernelAttrs } from '@prunerl/core';
import { kernelIo, type KernelValues } from '../kernel-io';

// The names and attributes are core's contract (agents use them without importing this package);
// this file registers the implementations (JavaScript loops: the tensors are one value per sample
// or per quantile, where a kernel's cost is its call, not its arithmetic) and their gradients.
export { SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL };

/** Gradient of the selection: `dy` put back at each row's action, zeros elsewhere (attrs `{ numActions }`). */
const SCATTER_ACTION_VALUES_KERNEL = 'PrunerlScatterActionValues';
/** d(loss)/d(predictions) of {@link TD_LOSS_KERNEL}: inputs `{ dy, targets, predictions }`, its attrs. */
const TD_LOSS_GRADIENT_KERNEL = 'PrunerlTdLossGradient';

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

const f32 = Math.fround;

function checkLoss(kernel: string, targets: TensorInfo, predictions: TensorInfo, attrs: TdLossKernelAttrs): void {
  if (targets.dtype !== 'float32' || predictions.dtype !== 'float32' || !util.arraysEqual(targets.shape, predictions.shape)) {
    throw new Error(`${kernel}: targets (${targets.dtype} [${targets.shape}]) and predictions (${predictions.dtype} [${predictions.shape}]) must be float32 of one shape`);
  }
  if (attrs.kind !== 'mse' && attrs.kind !== 'huber') throw new Error(`${kernel}: kind must be 'mse' or 'huber', got ${String(attrs.kind)}`);
  if (attrs.kind === 'huber' && !(attrs.delta > 0)) throw new Error(`${kernel}: delta must be > 0, got ${attrs.delta}`);
}

/** The loss, each operation rounded to float32 in the order of the op-by-op form (core's `elementwiseTdLoss`). */
function tdLossKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
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

/**
 * d(loss)/d(predictions) · dy: mse `-2 (t - p) dy`; huber `-(t - p) dy` inside `delta`, else
 * `-delta sign(t - p) dy` (the derivative the op-by-op form's gradient gives, `min` passing the
 * gradient to `x` at `x = delta`).
 */
function tdLossGradientKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
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

const selectGradient: GradConfig = {
  kernelName: SELECT_ACTION_VALUES_KERNEL,
  inputsToSave: ['actions'],
  gradFunc: (dy, saved, attrs) => {
    const [actions] = saved as [Tensor];
    return {
      values: () => engine().runKernel(SCATTER_ACTION_VALUES_KERNEL, { dy: dy as Tensor, actions }, attrs as NamedAttrMap) as Tensor,
      actions: () => zerosLike(actions),
    };
  },
};

/** Registers the gradients of the loss kernels, once. */
export function registerLossGradients(): void {
  if (!getGradient(SELECT_ACTION_VALUES_KERNEL)) registerGradient(selectGradient);
  if (!getGradient(TD_LOSS_KERNEL)) registerGradient(tdLossGradient);
}

const tdLossGradient: GradConfig = {
  kernelName: TD_LOSS_KERNEL,
  inputsToSave: ['targets', 'predictions'],
  gradFunc: (dy, saved, attrs) => {
    const [targets, predictions] = saved as [Tensor, Tensor];
    const dPredictions = (): Tensor => engine().runKernel(TD_LOSS_GRADIENT_KERNEL, { dy: dy as Tensor, targets, predictions }, attrs as NamedAttrMap) as Tensor;
    return { predictions: dPredictions, targets: () => neg(dPredictions()) };
  },
};

function lossKernels(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  return [
    { kernelName: SELECT_ACTION_VALUES_KERNEL, backendName, kernelFunc: selectKernel(backendName) },
    { kernelName: SCATTER_ACTION_VALUES_KERNEL, backendName, kernelFunc: scatterKernel(backendName) },
    { kernelName: TD_LOSS_KERNEL, backendName, kernelFunc: tdLossKernel(backendName) },
    { kernelName: TD_LOSS_GRADIENT_KERNEL, backendName, kernelFunc: tdLossGradientKernel(backendName) },
  ];
}

/** Registrations of the loss kernels on wasm and on cpu. */
export const LOSS_KERNELS: readonly KernelConfig[] = [...lossKernels('wasm'), ...lossKernels('cpu')];

/** Names of the loss kernels. */
export const LOSS_KERNEL_NAMES: readonly string[] = [SELECT_ACTION_VALUES_KERNEL, SCATTER_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL, TD_LOSS_GRADIENT_KERNEL];
