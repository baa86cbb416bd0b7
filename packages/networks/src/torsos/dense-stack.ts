import type { InitializerName } from '../init/initializer';
import type { DenseLike } from '../layers/dense-layer';
import type { LayerOp } from '../layers/layer-op';
import { makeDense } from '../layers/make-dense';
import type { ParameterStore } from '../layers/parameter-store';

/** Dense + ReLU layers in sequence (a torso's hidden part). */
export class DenseStack {
  readonly layers: readonly DenseLike[];
  readonly outputSize: number;
  /** The layers as steps of a forward pass. */
  readonly ops: readonly LayerOp[];

  constructor(store: ParameterStore, names: readonly string[], inputSize: number, sizes: readonly number[], init: InitializerName, noisySigma0: number | null) {
    const layers: DenseLike[] = [];
    let size = inputSize;
    sizes.forEach((units, i) => {
      layers.push(makeDense(store, names[i]!, size, units, init, noisySigma0));
      size = units;
    });
    this.layers = layers;
    this.outputSize = size;
    this.ops = layers.map((layer) => ({ kind: 'dense', layer, activation: 'relu' }));
  }
}
