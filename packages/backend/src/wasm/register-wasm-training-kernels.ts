import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasmConfig } from './conv2d-backprop-input';
import { gatherV2WasmConfig } from './gather-v2';
import { identityWasmConfig } from './identity';
import { maxPoolGradWasmConfig } from './max-pool-grad';
import { simdConv2dBackpropFilterConfig, simdConv2dBackpropInputConfig, simdConv2dConfig, simdFusedConv2dConfig } from './simd-conv2d';
import { simdBatchMatMulConfig, simdFusedMatMulConfig } from './simd-mat-mul';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

/**
 * Kernels tfjs-backend-wasm 4.22 lacks; registered only where still missing. The filter gradient
 * runs on the generated SIMD kernels, with the convolution-based formulation as fallback.
 */
export const MISSING_WASM_KERNELS: readonly KernelConfig[] = [
  simdConv2dBackpropFilterConfig(conv2dBackpropFilterWasmConfig.kernelFunc),
  unsortedSegmentSumWasmConfig,
];

/**
 * Built-in wasm kernels replaced by ours: wrong results for shapes our networks use (MaxPoolGrad,
 * GatherV2 with batchDims), a slow path on every training step (products and convolutions, whose
 * XNNPACK operators re-pack weights that change every update; BatchMatMul with transposes;
 * Conv2DBackpropInput), or a needless copy (Identity, which the gradient tape calls for every
 * tensor it saves).
 */
export const REPLACED_WASM_KERNELS: readonly (() => KernelConfig)[] = [
  () => maxPoolGradWasmConfig,
  gatherV2WasmConfig,
  simdBatchMatMulConfig,
  simdFusedMatMulConfig,
  simdConv2dConfig,
  simdFusedConv2dConfig,
  () => simdConv2dBackpropInputConfig(conv2dBackpropInputWasmConfig.kernelFunc),
  () => identityWasmConfig,
];

const ours = new WeakSet<object>();

/**
 * Makes the wasm backend able to train every prunerl network, fast: adds the missing kernels and
 * replaces the faulty or slow ones. Idempotent; returns the names it registered in this call.
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
    const config = make();
    const existing = getKernel(config.kernelName, 'wasm');
    if (existing && ours.has(existing.kernelFunc)) continue;
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
