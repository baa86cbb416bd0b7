/**
 * @prunerl/core: the contracts every prunerl package meets through. Interfaces, DI tokens (same
 * name as their interface), registries, spaces, transitions and batches, a seeded splittable RNG,
 * option validation, typed errors, and the names and attributes of the kernels a backend may
 * register (as tfjs-core's `kernel_names.ts`). No tensor work happens here (tfjs appears in types
 * only) and no code is generated here.
 */
export { Agent } from './contracts/agent';
export type { ActionBatch, ActMode, AgentState, ObserveResult } from './contracts/agent';
export { Augmentation } from './contracts/augmentation';
export { Criterion } from './contracts/criterion';
export { Environment, EnvironmentFactory } from './contracts/environment';
export type { PersistentState, ResetOptions, ResetResult, StepResult } from './contracts/environment';
export { MetricSink } from './contracts/metric-sink';
export type { MetricRecord } from './contracts/metric-sink';
export type { NamedGradients, NamedTensorRecords, TensorRecord } from './contracts/named-tensors';
export { Optimizer } from './contracts/optimizer';
export type { OptimizerState } from './contracts/optimizer';
export type { Parameter, ParameterRole } from './contracts/parameter';
export { Pruner } from './contracts/pruner';
export type { LayerSparsity, SparsityReport } from './contracts/pruner';
export { NetworkFactory, QNetwork } from './contracts/q-network';
export type { ApplyOptions, HeadDescription, HeadKind, NetworkSpec } from './contracts/q-network';
export { ReplayBuffer } from './contracts/replay-buffer';
export { SparsityDistribution } from './contracts/sparsity-distribution';
export type { PrunableTensorInfo } from './contracts/sparsity-distribution';
export { SparsitySchedule } from './contracts/sparsity-schedule';
export { UpdateHook } from './contracts/update-hook';
export type { UpdateContext } from './contracts/update-hook';

export type { Batch } from './data/batch';
export type { Transition } from './data/transition';

export { BackendError } from './errors/backend-error';
export { ConfigError } from './errors/config-error';
export { DatasetError } from './errors/dataset-error';
export type { DatasetErrorLocation } from './errors/dataset-error';
export { describeValue } from './errors/describe-value';
export { EnvironmentError } from './errors/environment-error';
export { FieldError } from './errors/field-error';
export type { FieldErrorDetails } from './errors/field-error';
export { PrunerlError } from './errors/prunerl-error';
export { ReplayError } from './errors/replay-error';
export { ShapeError } from './errors/shape-error';
export { StateError } from './errors/state-error';
export { TrainingError } from './errors/training-error';

export { fansOf, xavierUniform } from './init/xavier-uniform';
export type { Fans } from './init/xavier-uniform';

export { FUSED_ADAM_KERNEL } from './kernels/fused-adam';
export type { FusedAdamAttrs } from './kernels/fused-adam';
export { CONV2D_LAYER_KERNEL, DENSE_LAYER_KERNEL, RELU_BACKPROP_KERNEL } from './kernels/layer-kernels';
export type { Conv2DLayerKernelAttrs, LayerKernelAttrs } from './kernels/layer-kernels';
export { SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL } from './kernels/loss-kernels';
export { isKeptWeightGradient, keptGradientNames, markKeptWeightGradient, weightGradientMode, withWeightGradients } from './kernels/weight-gradients';
export { bitsArray, fromSparse, sparseByteLength, toSparse } from './data/sparse-array';
export type { SparseArray } from './data/sparse-array';
export type { WeightGradients } from './kernels/weight-gradients';
export type { TdLossKernelAttrs } from './kernels/loss-kernels';

export { normalizedNeuronScores } from './neurons/normalized-neuron-scores';

export { resetOptimizerSlots } from './optimizer/reset-optimizer-slots';
export type { ResetOptimizerSlotsOptions, SlotReset } from './optimizer/reset-optimizer-slots';

export { agents, environments, networks, optimizers, pruners, replayBuffers, updateHooks } from './registry/registries';
export type {
  AgentComponents,
  AgentRegistration,
  EnvironmentRegistration,
  FactoryContext,
  NetworkRegistration,
  OptimizerRegistration,
  PrunerRegistration,
  ReplayBufferRegistration,
  UpdateHookRegistration,
} from './registry/registries';
export { Registry, registryOf } from './registry/registry';
export type { RegistryEntry } from './registry/registry';

export { resolveRng } from './rng/resolve-rng';
export type { SeedOptions } from './rng/resolve-rng';
export { Rng } from './rng/rng';
export type { RngState } from './rng/rng';

export { checkAction } from './spaces/action';
export type { Action } from './spaces/action';
export { Box } from './spaces/box';
export type { BoxOptions } from './spaces/box';
export { Discrete } from './spaces/discrete';
export { inputScaleOf } from './spaces/input-scale';
export type { ScaledSpace } from './spaces/input-scale';
export { isBox, isDiscrete } from './spaces/space-kinds';
export { dtypeOf, sizeOfShape, typedArrayFor } from './spaces/space';
export type { DType, Space, TypedArray, TypedArrayOf } from './spaces/space';

export { TOKENS } from './tokens/tokens';

export {
  checkBoolean,
  checkFraction,
  checkKnownKeys,
  checkNonNegativeInteger,
  checkNumber,
  checkOneOf,
  checkPositiveInteger,
  checkShape,
} from './validation/options';
export type { NumberBounds } from './validation/options';
