/**
 * @prunerl/backend: the one place that chooses and initialises the TensorFlow.js backend, and the
 * kernels tfjs-backend-wasm lacks for training (conv filter gradient, gather's gradient).
 */
export { BACKEND_NAMES } from './backend-name';
export { FUSED_ADAM_KERNEL, fusedAdamReference, fusedAdamStep } from './fused-adam/fused-adam-kernel';
export type { FusedAdamAttrs } from './fused-adam/fused-adam-kernel';
export type { BackendName } from './backend-name';
export { currentBackend, describeBackend, initBackend } from './init-backend';
export type { BackendInfo, InitBackendOptions } from './init-backend';
export { loadNativeBackend, NATIVE_PACKAGES } from './native/load-native-backend';
export { conv2dBackpropFilterFromConvolution } from './wasm/conv2d-backprop-filter';
export { conv2dBackpropInputFromConvolution } from './wasm/conv2d-backprop-input';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './wasm/register-wasm-training-kernels';
export type { WasmKernelOptions } from './wasm/register-wasm-training-kernels';
