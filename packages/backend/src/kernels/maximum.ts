import { Maximum } from '@tensorflow/tfjs-core';
import { simdBinaryKernel } from '../simd/elementwise';

/** `Maximum` on wasm on the generated `bin_max_*` loops (broadcasts that are a row/column pattern). */
export const maximumKernel = simdBinaryKernel(Maximum, 'max');
