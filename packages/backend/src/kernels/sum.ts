import { backend_util, Sum, util, type KernelBackend, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { withBuiltInFallback } from '../simd/elementwise';
import type { WasmBackendInternals } from '../simd/simd-heap';

/**
 * `Sum` on wasm over leading or trailing axes, as column or row sums on the generated `sum_cols` /
 * `sum_rows` loops; other axes and dtypes run the built-in kernel.
 */
export const sumKernel = withBuiltInFallback(Sum, (simd) => ({ inputs, backend, attrs }) => {
  const runtime = simd.runtime(backend as KernelBackend);
  const { x } = inputs as { x: TensorInfo };
  if (!runtime || x.dtype !== 'float32') return undefined;
  const { axis, keepDims } = attrs as unknown as SumAttrs;
  const axes = [...util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
  const rank = x.shape.length;
  const prefix = axes.every((v, i) => v === i);
  const suffix = axes.every((v, i) => v === rank - axes.length + i);
  if (axes.length === 0 || (!prefix && !suffix)) return undefined;
  const [kept, reduced] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const outShape = keepDims ? backend_util.expandShapeToKeepDim(kept, axes) : kept;
  const out = (backend as WasmBackendInternals).makeOutput(outShape, 'float32');
  const keptSize = util.sizeFromShape(kept);
  const reducedSize = util.sizeFromShape(reduced);
  // Leading axes: column sums of x as [reduced, kept]; trailing axes: row sums of [kept, reduced].
  if (prefix) runtime.functions['sum_cols']!(runtime.pointer(x), runtime.pointer(out), reducedSize, keptSize);
  else runtime.functions['sum_rows']!(runtime.pointer(x), runtime.pointer(out), keptSize, reducedSize);
  return out;
});
