import { checkBoolean, checkPositiveInteger } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { InitializerName } from '../init/initializer';
import type { DenseLike } from '../layers/dense-layer';
import type { ForwardContext } from '../layers/forward-context';
import { makeDense } from '../layers/make-dense';
import type { ParameterStore } from '../layers/parameter-store';
import { scaleByWidth } from './scale-by-width';

/** Dense + ReLU layers in sequence (a torso's hidden part). */
export class DenseStack {
  readonly layers: readonly DenseLike[];
  readonly outputSize: number;

  constructor(store: ParameterStore, names: readonly string[], inputSize: number, sizes: readonly number[], init: InitializerName, noisySigma0: number | null) {
    const layers: DenseLike[] = [];
    let size = inputSize;
    sizes.forEach((units, i) => {
      layers.push(makeDense(store, names[i]!, size, units, init, noisySigma0));
      size = units;
    });
    this.layers = layers;
    this.outputSize = size;
  }

  apply(x: tf.Tensor2D, context: ForwardContext): tf.Tensor2D {
    let h = x;
    for (const layer of this.layers) {
      h = layer.apply(h, 'relu', context);
      context.record?.(layer.name, h);
    }
    return h;
  }
}

/**
 * The dense hidden units of a CNN torso from `denseUnits` (default `base`) and `scaleDense` (scale
 * them by the width too, as Dopamine's ReDo networks do; default false).
 */
export function resolveDenseUnits(options: Readonly<Record<string, unknown>>, width: number, base: number): number {
  const scaleDense = checkBoolean('scaleDense', options.scaleDense ?? false);
  const dense = checkPositiveInteger('denseUnits', options.denseUnits ?? base);
  return scaleDense ? scaleByWidth(dense, width) : dense;
}
