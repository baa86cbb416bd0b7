import { StateError } from '@prunerl/core';

/** One stored transition of a PPO rollout, with what the policy computed when it acted. */
export interface RolloutStep {
  /** The environment stream (row of `actBatch`) it came from: GAE runs along each stream. */
  readonly stream: number;
  readonly observation: Float32Array;
  readonly nextObservation: Float32Array;
  /** The unclipped Gaussian sample (`Box`) or the action's index (`Discrete`, from 0). */
  readonly action: Float32Array | number;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** `log pi_old(action | observation)`. */
  readonly logProb: number;
  /** `V_old(observation)`. */
  readonly value: number;
}

/** A rollout as flat typed arrays (what a checkpoint stores). */
export interface EncodedRollout {
  readonly length: number;
  readonly streams: Int32Array;
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float64Array;
  /** Bit 0: terminated, bit 1: truncated. */
  readonly flags: Uint8Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
}

/** Flattens `steps` (observations of `observationSize` values, actions of `actionSize`). */
export function encodeRollout(steps: readonly RolloutStep[], observationSize: number, actionSize: number, continuous: boolean): EncodedRollout {
  const n = steps.length;
  const out = {
    length: n,
    streams: Int32Array.from(steps, (s) => s.stream),
    observations: new Float32Array(n * observationSize),
    nextObservations: new Float32Array(n * observationSize),
    actions: new Float32Array(n * actionSize),
    rewards: Float64Array.from(steps, (s) => s.reward),
    flags: Uint8Array.from(steps, (s) => (s.terminated ? 1 : 0) | (s.truncated ? 2 : 0)),
    logProbs: Float32Array.from(steps, (s) => s.logProb),
    values: Float32Array.from(steps, (s) => s.value),
  };
  steps.forEach((s, i) => {
    out.observations.set(s.observation, i * observationSize);
    out.nextObservations.set(s.nextObservation, i * observationSize);
    if (continuous) out.actions.set(s.action as Float32Array, i * actionSize);
    else out.actions[i] = s.action as number;
  });
  return out;
}

/**
 * The steps of an {@link encodeRollout} result, checked against the agent's sizes; a rollout that
 * does not fit throws a `StateError` naming `<owner> state.rollout.<field>`.
 */
export function decodeRollout(owner: string, value: unknown, observationSize: number, actionSize: number, continuous: boolean, maxLength: number): RolloutStep[] {
  const fail = (field: string, got: unknown, expected: string): never => {
    throw new StateError({ field: `${owner} state.rollout${field ? `.${field}` : ''}`, value: got, expected });
  };
  if (value === null || typeof value !== 'object') return fail('', value, 'the rollout of state()');
  const r = value as Partial<EncodedRollout>;
  const n = r.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n >= maxLength) fail('length', n, `an integer in [0, ${maxLength})`);
  const expect = (field: keyof EncodedRollout, type: Function, size: number): void => {
    const array = r[field] as unknown;
    if (!(array instanceof type) || (array as ArrayLike<number>).length !== size) fail(field, (array as ArrayLike<number>)?.length, `a ${type.name} of ${size} values`);
  };
  expect('streams', Int32Array, n!);
  expect('observations', Float32Array, n! * observationSize);
  expect('nextObservations', Float32Array, n! * observationSize);
  expect('actions', Float32Array, n! * actionSize);
  expect('rewards', Float64Array, n!);
  expect('flags', Uint8Array, n!);
  expect('logProbs', Float32Array, n!);
  expect('values', Float32Array, n!);
  const e = r as EncodedRollout;
  return Array.from({ length: n! }, (_, i) => ({
    stream: e.streams[i]!,
    observation: e.observations.slice(i * observationSize, (i + 1) * observationSize),
    nextObservation: e.nextObservations.slice(i * observationSize, (i + 1) * observationSize),
    action: continuous ? e.actions.slice(i * actionSize, (i + 1) * actionSize) : e.actions[i]!,
    reward: e.rewards[i]!,
    terminated: (e.flags[i]! & 1) !== 0,
    truncated: (e.flags[i]! & 2) !== 0,
    logProb: e.logProbs[i]!,
    value: e.values[i]!,
  }));
}
