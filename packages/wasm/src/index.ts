/**
 * @prunerl/wasm: prunerl's run-time WebAssembly. A module writer (`WasmModuleBuilder`), the
 * generators of the SIMD training kernels (products, convolutions, elementwise ops, Adam) that
 * @prunerl/backend runs on tfjs-backend-wasm's memory, and sparse inference's pieces (one sparse
 * layout, `CsrMatrix`, one sparse kernel generator shared with training, a memory arena and the
 * layer runners) that @prunerl/networks composes. Pure code generation and layout arithmetic: no
 * tfjs, no Node built-ins, no other prunerl package.
 */
export { WasmFunctionBuilder, WasmModuleBuilder } from './module/wasm-module-builder';
export type { WasmLabel, WasmValueType } from './module/wasm-module-builder';

export { BOX_GEOMETRY, boxValues, geometryValues, PATCH_GEOMETRY } from './simd/conv-helpers';
export type { BoxGeometry, PatchGeometry } from './simd/conv-helpers';
export type { BinaryOp, OperandMode, UnaryOp } from './simd/elementwise-kernels';
export { GEMM_FLAGS } from './simd/gemm-kernels';
export { enableRelaxedSimd, engineHasRelaxedSimd, RELAXED_SIMD_V8_FLAG } from './simd/relaxed-simd';
export { buildSimdModule } from './simd/simd-module';
export type { GemmFunction, PatchFunction, SimdModuleOptions } from './simd/simd-module';

export { CsrMatrix } from './sparse/csr-matrix';
export { SparseArena } from './sparse/sparse-arena';
export type { ArenaRegion } from './sparse/sparse-arena';
export { addSparseKernels } from './sparse/sparse-kernels';
export type { SparseKernelOptions } from './sparse/sparse-kernels';
export { SparseConvLayer, SparseDenseLayer, SparseMaxPool } from './sparse/sparse-layers';
export type { SparseHeap } from './sparse/sparse-layers';
export { buildSparseModule, instantiateSparseKernels, sparseKernelsAvailable } from './sparse/sparse-module';
export type { SparseWasmKernels } from './sparse/sparse-module';
export { window2d } from './sparse/window-2d';
export type { Window2D } from './sparse/window-2d';
