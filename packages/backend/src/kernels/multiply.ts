import { Multiply } from '@tensorflow/tfjs-core';
import { simdBinaryKernel } from '../simd/elementwise';

/** `Multiply` on wasm on the generated `bin_mul_*` loops (broadcasts that are a row/column pattern). */
export const mulKernel = simdBinaryKernel(Multiply, 'mul');
