import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulWasmConfig } from './batch-mat-mul';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasmConfig } from './conv2d-backprop-input';
import { gatherV2WasmConfig } from './gather-v2';
import { maxPoolGradWasmConfig } from './max-pool-grad';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

/** Kernels tfjs-backend-wasm 4.22 lacks; registered only where still missing. */
export const MISSING_WASM_KERNELS: readonly KernelConfig[] = [conv2dBackpropFilterWasmConfig, unsortedSegmentSumWasmConfig];

/**
 * Built-in wasm kernels replaced by ours: wrong results for shapes our networks use (MaxPoolGrad,
 * GatherV2 with batchDims), or a slow path on every training step (BatchMatMul with transposes,
 * Conv2DBackpropInput).
 */
export const REPLACED_WASM_KERNELS: readonly (() => KernelConfig)[] = [
  () => maxPoolGradWasmConfig,
  gatherV2WasmConfig,
  batchMatMulWasmConfig,
  () => conv2dBackpropInputWasmConfig,
];

const ours = new WeakSet<object>();

/**
 * Makes the wasm backend able to train every prunerl network: adds the missing kernels and replaces
 * the faulty ones. Idempotent; returns the names it registered in this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of MISSING_WASM_KERNELS) {
    if (getKernel(config.kernelName, 'wasm') !== undefined) continue;
    registerKernel(config);
    ours.add(config.kernelFunc);
    added.push(config.kernelName);
  }
  for (const make of REPLACED_WASM_KERNELS) {
    const existing = getKernel(make().kernelName, 'wasm');
    if (existing && ours.has(existing.kernelFunc)) continue;
    const config = make();
    if (existing) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
    ours.add(config.kernelFunc);
    added.push(config.kernelName);
  }
  return added;
}

/** Names of every kernel {@link registerWasmTrainingKernels} provides. */
export const WASM_TRAINING_KERNELS: readonly string[] = [
  ...MISSING_WASM_KERNELS.map((c) => c.kernelName),
  ...REPLACED_WASM_KERNELS.map((make) => make().kernelName),
];
