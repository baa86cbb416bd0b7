import { Sub } from '@tensorflow/tfjs-core';
import { simdBinaryKernel } from '../simd/elementwise';

/** `Sub` on wasm on the generated `bin_sub_*` loops (broadcasts that are a row/column pattern). */
export const subKernel = simdBinaryKernel(Sub, 'sub');
