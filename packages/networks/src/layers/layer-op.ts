import type { ConvLayer, Padding } from './conv-layer';
import type { Activation, DenseLike } from './dense-layer';

/**
 * One step of a torso's forward pass. A torso describes itself once, as a list of these over its
 * own layers, and both passes walk that list: the tfjs forward (`runLayerOps`, training and the
 * dense path) and sparse inference (`SparseForward`), so a new torso needs no second description.
 *
 * - `conv`, `dense`: a layer of the network (its parameters are `<layer.name>/kernel`, `/bias`)
 *   and its activation;
 * - `maxPool`: square windows, TF padding;
 * - `relu`: a ReLU on its own (Impala's, before a residual block and after the last stack);
 * - `flatten`: `[B, ...] -> [B, size]` (NHWC order, so no data moves);
 * - `residual`: `x + body(x)`.
 */
export type LayerOp =
  | { readonly kind: 'conv'; readonly layer: ConvLayer; readonly activation: Activation }
  | { readonly kind: 'dense'; readonly layer: DenseLike; readonly activation: Activation }
  | { readonly kind: 'maxPool'; readonly size: number; readonly stride: number; readonly padding: Padding }
  | { readonly kind: 'relu' }
  | { readonly kind: 'flatten' }
  | { readonly kind: 'residual'; readonly body: readonly LayerOp[] };
