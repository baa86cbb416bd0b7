import {
  _FusedMatMul,
  BatchMatMul,
  Conv2D,
  Conv2DBackpropInput,
  FusedConv2D,
  GatherV2,
  getKernel,
  Identity,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { FUSED_ADAM_KERNEL, FUSED_ADAM_KERNELS } from '../fused-adam/fused-adam-kernel';
import { FUSED_LAYER_KERNEL_NAMES, FUSED_LAYER_KERNELS, registerFusedLayerGradients } from '../fused-layers/fused-layer-kernels';
import { LOSS_KERNEL_NAMES, LOSS_KERNELS, registerLossGradients } from '../fused-losses/loss-kernels';
import { batchMatMulWasmConfig } from './batch-mat-mul';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasmConfig } from './conv2d-backprop-input';
import { gatherV2WasmConfig } from './gather-v2';
import { identityWasmConfig } from './identity';
import { maxPoolGradWasmConfig } from './max-pool-grad';
import { simdConv2dBackpropFilterConfig, simdConv2dBackpropInputConfig, simdConv2dConfig, simdFusedConv2dConfig } from './simd-conv2d';
import { SIMD_ELEMENTWISE_KERNELS, simdElementwiseConfig, simdMaxPoolGradConfig } from './simd-elementwise';
import { simdBatchMatMulConfig, simdFusedMatMulConfig } from './simd-mat-mul';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

/** Options of {@link registerWasmTrainingKernels}. */
export interface WasmKernelOptions {
  /**
   * `true` (default): products, convolutions and their gradients run on prunerl's generated SIMD
   * kernels, and `Identity` shares buffers. `false`: the earlier set (tfjs-backend-wasm's own
   * products and forward convolutions, convolution-based gradients, copying `Identity`), kept as
   * a baseline for benchmarks and as a way out should an engine mis-run the generated code.
   */
  readonly simd?: boolean;
}

// tfjs-backend-wasm registers its kernels when it is imported, before this module runs: keep the
// originals of everything we replace, so either set can be installed at any time.
const REPLACED_NAMES = [BatchMatMul, _FusedMatMul, Conv2D, FusedConv2D, Conv2DBackpropInput, Identity, GatherV2, ...SIMD_ELEMENTWISE_KERNELS];
const builtIns = new Map<string, KernelConfig>();
for (const name of REPLACED_NAMES) {
  const config = getKernel(name, 'wasm');
  if (config) builtIns.set(name, config);
}

function builtIn(name: string): KernelConfig {
  const config = builtIns.get(name);
  if (!config) throw new Error(`tfjs-backend-wasm has no ${name} kernel to wrap`);
  return config;
}

let simdSet: readonly KernelConfig[] | undefined;
let baselineSet: readonly KernelConfig[] | undefined;

/**
 * The kernels that make the wasm backend train every prunerl network, fast:
 * - missing in tfjs-backend-wasm 4.22: `Conv2DBackpropFilter`, `UnsortedSegmentSum`;
 * - wrong there for shapes our networks use: `MaxPoolGrad`, `GatherV2` with `batchDims`;
 * - slow there on every training step: products and training-time forward convolutions, whose
 *   XNNPACK operators re-pack weights that change after every update (`BatchMatMul`,
 *   `_FusedMatMul`, `Conv2D` and `FusedConv2D` under gradient recording), the naive
 *   `Conv2DBackpropInput`, `Identity`, which copies every tensor the
 *   gradient tape saves, and the elementwise ops and sums of losses, gradients and optimisers,
 *   whose per-call cost dominates small tensors.
 */
function kernelSet(simd: boolean): readonly KernelConfig[] {
  const common = [gatherV2WasmConfig(builtIns.get(GatherV2)), unsortedSegmentSumWasmConfig];
  if (simd) {
    simdSet ??= [
      ...common,
      simdMaxPoolGradConfig(maxPoolGradWasmConfig.kernelFunc),
      ...SIMD_ELEMENTWISE_KERNELS.map((name) => simdElementwiseConfig(builtIn(name))),
      simdBatchMatMulConfig(builtIn(BatchMatMul)),
      simdFusedMatMulConfig(builtIn(_FusedMatMul)),
      simdConv2dConfig(builtIn(Conv2D)),
      simdFusedConv2dConfig(builtIn(FusedConv2D)),
      simdConv2dBackpropFilterConfig(conv2dBackpropFilterWasmConfig.kernelFunc),
      simdConv2dBackpropInputConfig(conv2dBackpropInputWasmConfig.kernelFunc),
      identityWasmConfig,
      FUSED_ADAM_KERNELS.find((k) => k.backendName === 'wasm')!,
      ...FUSED_LAYER_KERNELS.filter((k) => k.backendName === 'wasm'),
      ...LOSS_KERNELS.filter((k) => k.backendName === 'wasm'),
    ];
    return simdSet;
  }
  baselineSet ??= [
    ...common,
    maxPoolGradWasmConfig,
    ...SIMD_ELEMENTWISE_KERNELS.map(builtIn),
    batchMatMulWasmConfig(builtIn(BatchMatMul)),
    builtIn(_FusedMatMul),
    builtIn(Conv2D),
    builtIn(FusedConv2D),
    conv2dBackpropFilterWasmConfig,
    conv2dBackpropInputWasmConfig,
    builtIn(Identity),
  ];
  return baselineSet;
}

/**
 * Installs prunerl's wasm training kernels (see {@link WasmKernelOptions} for the two sets),
 * replacing whatever is registered under their names. Idempotent; returns the names it
 * (re-)registered in this call.
 */
export function registerWasmTrainingKernels(options: WasmKernelOptions = {}): string[] {
  const added: string[] = [];
  const simd = options.simd ?? true;
  // The baseline is the set before prunerl's fused kernels existed: no fused Adam, layers or losses.
  if (!simd) {
    for (const name of [FUSED_ADAM_KERNEL, ...FUSED_LAYER_KERNEL_NAMES, ...LOSS_KERNEL_NAMES]) if (getKernel(name, 'wasm')) unregisterKernel(name, 'wasm');
  } else {
    registerFusedLayerGradients();
    registerLossGradients();
  }
  for (const config of kernelSet(simd)) {
    const existing = getKernel(config.kernelName, 'wasm');
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}

/** Names of every kernel {@link registerWasmTrainingKernels} provides. */
export const WASM_TRAINING_KERNELS: readonly string[] = kernelSet(true).map((c) => c.kernelName);
