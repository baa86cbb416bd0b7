import { Square } from '@tensorflow/tfjs-core';
import { simdUnaryKernel } from '../simd/elementwise';

/** `Square` on wasm on the generated `un_square` loop. */
export const squareKernel = simdUnaryKernel(Square, 'square');
