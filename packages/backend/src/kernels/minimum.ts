import { Minimum } from '@tensorflow/tfjs-core';
import { simdBinaryKernel } from '../simd/elementwise';

/** `Minimum` on wasm on the generated `bin_min_*` loops (broadcasts that are a row/column pattern). */
export const minimumKernel = simdBinaryKernel(Minimum, 'min');
