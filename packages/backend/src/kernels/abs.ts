import { Abs } from '@tensorflow/tfjs-core';
import { simdUnaryKernel } from '../simd/elementwise';

/** `Abs` on wasm on the generated `un_abs` loop. */
export const absKernel = simdUnaryKernel(Abs, 'abs');
