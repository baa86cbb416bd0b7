import { Relu } from '@tensorflow/tfjs-core';
import { simdUnaryKernel } from '../simd/elementwise';

/** `Relu` on wasm on the generated `un_relu` loop. */
export const reluKernel = simdUnaryKernel(Relu, 'relu');
