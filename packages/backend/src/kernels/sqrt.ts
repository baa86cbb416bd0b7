import { Sqrt } from '@tensorflow/tfjs-core';
import { simdUnaryKernel } from '../simd/elementwise';

/** `Sqrt` on wasm on the generated `un_sqrt` loop. */
export const sqrtKernel = simdUnaryKernel(Sqrt, 'sqrt');
