import { checkOneOf, ConfigError, ShapeError, type ActMode, type TypedArray } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** What an agent knows of its observations, for the checks below. */
export interface ObservationLayout {
  readonly observationShape: readonly number[];
  /** Values per observation. */
  readonly observationSize: number;
}

/** Checks `actBatch`'s arguments: a mode, a count >= 1 and `count` observations laid end to end. */
export function checkActBatchInput(layout: ObservationLayout, observations: TypedArray, count: number, mode: ActMode): void {
  checkOneOf('mode', mode, ['train', 'eval']);
  if (!Number.isInteger(count) || count < 1) throw new ConfigError({ field: 'actBatch(count)', value: count, expected: 'an integer >= 1' });
  const { observationSize: n, observationShape } = layout;
  if (observations?.length !== count * n) {
    throw new ShapeError({
      field: 'actBatch(observations)',
      value: observations?.length,
      expected: `${count} x ${n} = ${count * n} values (observation shape [${observationShape.join(', ')}])`,
    });
  }
}

/** Checks that an observed transition's observation and next observation have the agent's size. */
export function checkTransitionObservations(layout: ObservationLayout, transition: { readonly observation?: TypedArray; readonly nextObservation?: TypedArray } | undefined): void {
  const n = layout.observationSize;
  if (transition?.observation?.length !== n || transition.nextObservation?.length !== n) {
    throw new ShapeError({
      field: 'observe(transition).observation',
      value: transition?.observation?.length,
      expected: `observations of ${n} values (shape [${layout.observationShape.join(', ')}])`,
    });
  }
}

/** `[count, ...observationShape]` float32 tensor of raw observation values. */
export function observationTensor(values: TypedArray, count: number, observationShape: readonly number[]): tf.Tensor {
  const data = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  return tf.tensor(data, [count, ...observationShape], 'float32');
}
