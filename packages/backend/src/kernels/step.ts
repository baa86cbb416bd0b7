import { Step } from '@tensorflow/tfjs-core';
import { simdUnaryKernel } from '../simd/elementwise';

/** `Step` on wasm on the generated `un_step` loop. */
export const stepKernel = simdUnaryKernel(Step, 'step');
