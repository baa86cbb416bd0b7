import type { WasmModuleBuilder } from '../module/wasm-module-builder';
import type { CsrMatrix } from './csr-matrix';
import { addSparseProductKernels } from './sparse-product-kernels';
import { addSparseScatterKernels } from './sparse-scatter-kernels';

/** Options of {@link addSparseKernels}. */
export interface SparseKernelOptions {
  /** Relaxed-SIMD fused multiply-add in the batched products (needs an engine with relaxed SIMD). */
  readonly fma: boolean;
}

/**
 * The one generator of prunerl's sparse kernels: every loop that multiplies by a pruned weight
 * matrix laid out as a {@link CsrMatrix}, for both of its uses.
 * - Training (@prunerl/backend): batched products with the batch along SIMD lanes (`sparse_gather` and the
 *   `pack_weights` it reads, `sparse_weight_gradient`,
 *   the transposes that put the batch there, and `count_zeros`/`all_nonzero`, which find and check
 *   a weight buffer's pattern); see `sparse-product-kernels.ts`.
 * - Inference (@prunerl/networks' sparse forward pass): one sample at a time, scattering nonzero
 *   inputs through the rows of nonzero weights (`csr_dense`, `scatter_conv`, `extract_grid`,
 *   `gather_conv`, `max_pool`, `zero`); see `sparse-scatter-kernels.ts`.
 *
 * Both the SIMD training module (`buildSimdModule`) and a sparse network's module
 * (`buildSparseModule`) are built with it.
 */
export function addSparseKernels(module: WasmModuleBuilder, options: SparseKernelOptions): void {
  addSparseProductKernels(module, options.fma);
  addSparseScatterKernels(module);
}
