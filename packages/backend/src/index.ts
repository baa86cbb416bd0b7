/**
 * @prunerl/backend: the one place that chooses and initialises the TensorFlow.js backend, and the
 * kernels it registers there: what tfjs-backend-wasm lacks for training (conv filter gradient,
 * gather's gradient), prunerl's generated SIMD kernels, and the kernels of core's kernel names.
 * Configuration is a value: `initBackend` options select a kernel set (`kernelSet`), built once
 * per value from one list of kernels, one file each (`ALL_KERNELS`).
 */
export { BACKEND_NAMES, BROWSER_GPU_BACKENDS } from './backend-name';
export type { BackendName } from './backend-name';
export { currentBackend, describeBackend, initBackend, MAX_KERNEL_THREADS } from './init-backend';
export type { BackendInfo, InitBackendOptions, WasmBinaryName } from './init-backend';
export { ALL_KERNELS, WASM_TRAINING_KERNELS } from './kernel-set/all-kernels';
export type { KernelContext, KernelDefinition, KernelGroup } from './kernel-set/kernel-definition';
export { installKernelSet, kernelSet, registerWasmTrainingKernels } from './kernel-set/kernel-set';
export type { InstalledKernels, KernelSet, KernelSetOptions, WasmKernelOptions } from './kernel-set/kernel-set';
export { conv2dBackpropFilterFromConvolution } from './kernels/conv2d-backprop-filter';
export { conv2dBackpropInputFromConvolution } from './kernels/conv2d-backprop-input';
export { FUSED_ADAM_KERNEL, fusedAdamReference, fusedAdamStep } from './kernels/fused-adam';
export type { FusedAdamAttrs } from './kernels/fused-adam';
export { loadNativeBackend, NATIVE_PACKAGES } from './native/load-native-backend';
