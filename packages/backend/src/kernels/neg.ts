import { Neg } from '@tensorflow/tfjs-core';
import { simdUnaryKernel } from '../simd/elementwise';

/** `Neg` on wasm on the generated `un_neg` loop. */
export const negKernel = simdUnaryKernel(Neg, 'neg');
