import type { InitializerName } from '../init/initializer';
import { DenseLayer, type DenseLike } from './dense-layer';
import { NoisyDenseLayer } from './noisy-dense-layer';
import type { ParameterStore } from './parameter-store';

/**
 * A dense layer: NoisyNet when `noisySigma0` is a number (its own initialisation), plain with `init`
 * otherwise.
 */
export function makeDense(store: ParameterStore, name: string, inputSize: number, units: number, init: InitializerName, noisySigma0: number | null): DenseLike {
  return noisySigma0 === null ? new DenseLayer(store, name, inputSize, units, init) : new NoisyDenseLayer(store, name, inputSize, units, noisySigma0);
}
