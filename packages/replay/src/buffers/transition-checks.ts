import { dtypeOf, ReplayError, typedArrayFor, type Action, type Transition, type TypedArray } from '@prunerl/core';
import type { ResolvedReplayOptions } from '../options/replay-buffer-options';
import { bitsOf, shiftMatches } from '../storage/frame-kernels';

/** What {@link checkTransition} needs to know of the observations. */
export type ObservationSpec = Pick<ResolvedReplayOptions, 'observationDtype' | 'observationSize' | 'observationShape'> & { readonly actionSize?: number };

// What `add` checks before touching the store, so that a rejected transition leaves the buffer
// unchanged. Each check throws a `ReplayError` naming the field.

/**
 * Observation dtypes and lengths, an int32 action (or, for continuous actions, a `Float32Array` of
 * `actionSize` finite values), a finite reward, boolean end flags.
 */
export function checkTransition(t: Transition<TypedArray, Action>, config: ObservationSpec): void {
  if (t === null || typeof t !== 'object') {
    throw new ReplayError({ field: 'add(transition)', value: t, expected: 'a transition object' });
  }
  checkObservation('add(transition).observation', t.observation, config);
  checkObservation('add(transition).nextObservation', t.nextObservation, config);
  const actionSize = config.actionSize ?? 0;
  if (actionSize > 0) {
    checkActionVector(t.action, actionSize);
  } else if (typeof t.action !== 'number' || !Number.isInteger(t.action) || t.action < -(2 ** 31) || t.action >= 2 ** 31) {
    throw new ReplayError({ field: 'add(transition).action', value: t.action, expected: 'an integer (int32)' });
  }
  if (typeof t.reward !== 'number' || !Number.isFinite(t.reward)) {
    throw new ReplayError({ field: 'add(transition).reward', value: t.reward, expected: 'a finite number' });
  }
  if (typeof t.terminated !== 'boolean') {
    throw new ReplayError({ field: 'add(transition).terminated', value: t.terminated, expected: 'true or false' });
  }
  if (typeof t.truncated !== 'boolean') {
    throw new ReplayError({ field: 'add(transition).truncated', value: t.truncated, expected: 'true or false' });
  }
}

function checkActionVector(action: unknown, size: number): void {
  if (!(action instanceof Float32Array) || action.length !== size) {
    throw new ReplayError({ field: 'add(transition).action', value: action, expected: `a Float32Array of ${size} values (a continuous action)` });
  }
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(action[i])) throw new ReplayError({ field: `add(transition).action[${i}]`, value: action[i], expected: 'a finite number' });
  }
}

function checkObservation(field: string, value: unknown, config: ObservationSpec): void {
  const { observationDtype, observationSize, observationShape } = config;
  if (dtypeOf(value) !== observationDtype || (value as TypedArray).length !== observationSize) {
    throw new ReplayError({
      field,
      value,
      expected: `a ${typedArrayFor(observationDtype, 0).constructor.name} of ${observationSize} values (shape [${observationShape.join(', ')}], ${observationDtype})`,
    });
  }
}

/** A stack that opens an episode: every frame but the newest is padding. */
export function checkEpisodeStart(observation: TypedArray, continuing: boolean, config: ResolvedReplayOptions): void {
  const K = config.frameStack;
  const bits = bitsOf(observation);
  const words = bits.length / observation.length;
  const frameLength = config.slotSize;
  const firstFrame = config.stackPadding === 'first-frame';
  for (let p = 0; p < frameLength; p++) {
    for (let frame = 0; frame < K - 1; frame++) {
      for (let w = 0; w < words; w++) {
        const value = bits[(p * K + frame) * words + w]!;
        const expected = firstFrame ? bits[(p * K + K - 1) * words + w]! : 0;
        if (value !== expected) {
          throw new ReplayError({
            field: 'add(transition).observation',
            value: observation,
            expected: `${continuing ? "the previous transition's nextObservation, or " : ''}the first stack of an episode (frames before the newest are ${firstFrame ? 'copies of the newest' : 'zeros'}, stackPadding "${config.stackPadding}")`,
          });
        }
      }
    }
  }
}

/** `next` must be `observation` without its oldest frame, plus one new frame. */
export function checkShift(observation: TypedArray, next: TypedArray, frameStack: number): void {
  const K = frameStack;
  if (!shiftMatches(observation, next, K)) {
    throw new ReplayError({
      field: 'add(transition).nextObservation',
      value: next,
      expected: `the observation's newest ${K - 1} frames followed by one new frame (stacked on the last axis)`,
    });
  }
}
