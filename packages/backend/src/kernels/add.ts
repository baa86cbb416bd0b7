import { Add } from '@tensorflow/tfjs-core';
import { simdBinaryKernel } from '../simd/elementwise';

/** `Add` on wasm on the generated `bin_add_*` loops (broadcasts that are a row/column pattern). */
export const addKernel = simdBinaryKernel(Add, 'add');
