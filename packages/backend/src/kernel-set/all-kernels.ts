import type { GradConfig } from '@tensorflow/tfjs-core';
import { conv2dLayerGradient } from '../gradients/conv2d-layer-grad';
import { conv2dKeptFilterGradientKernel } from '../kernels/conv2d-kept-filter-gradient';
import { denseKeptWeightGradientKernel } from '../kernels/dense-kept-weight-gradient';
import { denseLayerGradient } from '../gradients/dense-layer-grad';
import { selectActionValuesGradient } from '../gradients/select-action-values-grad';
import { tdLossGradient } from '../gradients/td-loss-grad';
import { absKernel } from '../kernels/abs';
import { addKernel } from '../kernels/add';
import { batchMatMulKernel } from '../kernels/batch-mat-mul';
import { castKernel } from '../kernels/cast';
import { conv2dKernel } from '../kernels/conv2d';
import { conv2dBackpropFilterKernel } from '../kernels/conv2d-backprop-filter';
import { conv2dBackpropInputKernel } from '../kernels/conv2d-backprop-input';
import { conv2dLayerKernel } from '../kernels/conv2d-layer';
import { denseInputGradientKernel } from '../kernels/dense-input-gradient';
import { denseLayerKernel } from '../kernels/dense-layer';
import { fusedAdamKernel } from '../kernels/fused-adam';
import { fusedConv2dKernel } from '../kernels/fused-conv2d';
import { fusedMatMulKernel } from '../kernels/fused-mat-mul';
import { gatherV2Kernel } from '../kernels/gather-v2';
import { identityKernel } from '../kernels/identity';
import { maxPoolGradKernel } from '../kernels/max-pool-grad';
import { maximumKernel } from '../kernels/maximum';
import { minimumKernel } from '../kernels/minimum';
import { mulKernel } from '../kernels/multiply';
import { negKernel } from '../kernels/neg';
import { realDivKernel } from '../kernels/real-div';
import { reluKernel } from '../kernels/relu';
import { reluBackpropKernel } from '../kernels/relu-backprop';
import { scatterActionValuesKernel } from '../kernels/scatter-action-values';
import { selectActionValuesKernel } from '../kernels/select-action-values';
import { sqrtKernel } from '../kernels/sqrt';
import { squareKernel } from '../kernels/square';
import { stepKernel } from '../kernels/step';
import { subKernel } from '../kernels/sub';
import { sumKernel } from '../kernels/sum';
import { tdLossKernel } from '../kernels/td-loss';
import { tdLossGradientKernel } from '../kernels/td-loss-gradient';
import { unsortedSegmentSumKernel } from '../kernels/unsorted-segment-sum';
import type { KernelDefinition } from './kernel-definition';

/**
 * Every kernel this package registers, one file each under `kernels/` (tfjs-backend-wasm's
 * `register_all_kernels.ts` in spirit). A kernel set takes from here what its switches select:
 * - training (tfjs-backend-wasm 4.22 lacks them, gets them wrong for our shapes, or, for products,
 *   takes a slow strided path with transposes): `Conv2DBackpropFilter`, `UnsortedSegmentSum`,
 *   `MaxPoolGrad`, `GatherV2` with `batchDims`, `BatchMatMul`, `Conv2DBackpropInput`;
 * - SIMD (slow there on every training step: products and training-time forward convolutions,
 *   whose XNNPACK operators re-pack weights that change after every update, `Identity`, which
 *   copies every tensor the gradient tape saves, and the elementwise ops and sums of losses,
 *   gradients and optimisers, whose per-call cost dominates small tensors);
 * - fused (core's kernel names: one kernel where tfjs runs several ops).
 */
export const ALL_KERNELS: readonly KernelDefinition[] = [
  // training
  gatherV2Kernel,
  unsortedSegmentSumKernel,
  maxPoolGradKernel,
  batchMatMulKernel,
  conv2dBackpropFilterKernel,
  conv2dBackpropInputKernel,
  // SIMD
  addKernel,
  subKernel,
  mulKernel,
  realDivKernel,
  maximumKernel,
  minimumKernel,
  squareKernel,
  sqrtKernel,
  reluKernel,
  negKernel,
  absKernel,
  stepKernel,
  castKernel,
  sumKernel,
  fusedMatMulKernel,
  conv2dKernel,
  fusedConv2dKernel,
  identityKernel,
  denseKeptWeightGradientKernel,
  conv2dKeptFilterGradientKernel,
  // fused
  fusedAdamKernel,
  denseLayerKernel,
  conv2dLayerKernel,
  reluBackpropKernel,
  denseInputGradientKernel,
  selectActionValuesKernel,
  scatterActionValuesKernel,
  tdLossKernel,
  tdLossGradientKernel,
];

/** The gradients of the fused kernels (backend-independent: they run other kernels). */
export const ALL_GRADIENTS: readonly GradConfig[] = [denseLayerGradient, conv2dLayerGradient, selectActionValuesGradient, tdLossGradient];

/** Names of every kernel a kernel set may register on wasm. */
export const WASM_TRAINING_KERNELS: readonly string[] = ALL_KERNELS.filter((k) => k.wasm !== undefined).map((k) => k.kernelName);
