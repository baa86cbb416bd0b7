import { RealDiv } from '@tensorflow/tfjs-core';
import { simdBinaryKernel } from '../simd/elementwise';

/** `RealDiv` on wasm on the generated `bin_div_*` loops (broadcasts that are a row/column pattern). */
export const realDivKernel = simdBinaryKernel(RealDiv, 'div');
