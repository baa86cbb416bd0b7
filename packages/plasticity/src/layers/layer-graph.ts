import type { Parameter } from '@prunerl/core';

/** A layer with a weight matrix (dense `[in, out]`) or filter bank (conv `[kh, kw, in, out]`). */
export interface WeightLayer {
  /** The layer name shared by its parameters (`torso/dense`). */
  readonly name: string;
  readonly kind: 'dense' | 'conv';
  /** The parameter of role `kernel` (for NoisyNet layers, the mean weights). */
  readonly kernel: Parameter;
  /** Every parameter of the layer, in network order (kernel, bias, NoisyNet sigmas, ...). */
  readonly parameters: readonly Parameter[];
  /** Size of the input axis (second to last) of the kernel. */
  readonly inputs: number;
  /** Output units (dense) or feature maps (conv): the kernel's last axis. */
  readonly units: number;
}

/**
 * The layers of a network that have a `kernel` parameter of rank 2 (dense) or 4 (conv), in the
 * order their kernels appear in `parameters()` (creation order, which is forward order for
 * prunerl's networks). Layers without such a kernel (normalisation, embeddings of other ranks) are
 * left out.
 */
export function weightLayers(parameters: readonly Parameter[]): WeightLayer[] {
  const byLayer = new Map<string, Parameter[]>();
  for (const p of parameters) {
    const list = byLayer.get(p.layer);
    if (list) list.push(p);
    else byLayer.set(p.layer, [p]);
  }
  const layers: WeightLayer[] = [];
  for (const p of parameters) {
    if (p.role !== 'kernel' || (p.variable.rank !== 2 && p.variable.rank !== 4)) continue;
    if (layers.some((l) => l.name === p.layer)) continue;
    const shape = p.variable.shape;
    layers.push({
      name: p.layer,
      kind: shape.length === 2 ? 'dense' : 'conv',
      kernel: p,
      parameters: byLayer.get(p.layer)!,
      inputs: shape[shape.length - 2]!,
      units: shape[shape.length - 1]!,
    });
  }
  return layers;
}

/** The part of a layer name before its last `/` (`head` for `head/value`), or `''`. */
export function parentScope(name: string): string {
  const cut = name.lastIndexOf('/');
  return cut < 0 ? '' : name.slice(0, cut);
}
