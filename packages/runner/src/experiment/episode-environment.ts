import { createHash } from 'node:crypto';
import { StateError, type Environment, type TypedArray } from '@prunerl/core';

/** The memory an environment keeps across `reset()`: MinAtar's sticky `lastAction`. */
interface WithLastAction {
  lastAction: number;
}

function hasLastAction(env: Environment<TypedArray, number>): boolean {
  const unwrapped = env.unwrapped as unknown as Partial<WithLastAction>;
  return typeof unwrapped.lastAction === 'number';
}

/** The unwrapped environment's `lastAction`, or `undefined` when it has none. */
export function readLastAction(env: Environment<TypedArray, number>): number | undefined {
  return hasLastAction(env) ? (env.unwrapped as unknown as WithLastAction).lastAction : undefined;
}

/** Sets the unwrapped environment's `lastAction` (a no-op for `undefined`). */
export function writeLastAction(env: Environment<TypedArray, number>, value: number | undefined): void {
  if (value === undefined) return;
  if (!hasLastAction(env)) {
    throw new StateError({ field: 'environment lastAction', value, expected: 'an environment with a lastAction property (the checkpoint came from one)' });
  }
  (env.unwrapped as unknown as WithLastAction).lastAction = value;
}

/** A short digest of an observation, to check that a replayed episode reached the same state. */
export function observationDigest(observation: TypedArray): string {
  return createHash('sha256').update(new Uint8Array(observation.buffer, observation.byteOffset, observation.byteLength)).digest('hex').slice(0, 32);
}

/** How to put an environment back in the middle of an episode: its seed and the actions taken. */
export interface EpisodeReplay {
  readonly seed: number;
  /** `lastAction` right after the episode's `reset` (sticky actions carry it across episodes). */
  readonly lastActionAtStart: number | undefined;
  readonly actions: readonly number[];
  /** {@link observationDigest} of the observation after the last action. */
  readonly observationDigest: string;
}

/**
 * Rebuilds an episode in progress by resetting with its seed and replaying its actions: the
 * `Environment` contract has no state snapshot, but a seeded episode is a pure function of its
 * actions, so this needs nothing from the environment. Returns the current observation, or throws a
 * `StateError` when the replay does not reach the recorded observation (a nondeterministic or
 * changed environment).
 */
export function replayEpisode(env: Environment<TypedArray, number>, replay: EpisodeReplay): { observation: TypedArray; ended: boolean } {
  let { observation } = env.reset({ seed: replay.seed });
  writeLastAction(env, replay.lastActionAtStart);
  let ended = false;
  replay.actions.forEach((action, i) => {
    if (ended) {
      throw new StateError({ field: 'checkpoint episode.actions', value: i, expected: 'an episode that lasts as long as its recorded actions' });
    }
    const result = env.step(action);
    observation = result.observation;
    ended = result.terminated || result.truncated;
  });
  const digest = observationDigest(observation);
  if (digest !== replay.observationDigest) {
    throw new StateError({
      field: 'checkpoint episode',
      value: `observation digest ${digest}`,
      expected: `${replay.observationDigest}: replaying the episode's ${replay.actions.length} actions from seed ${replay.seed} should reach the saved observation (is the environment deterministic under reset({ seed })?)`,
    });
  }
  return { observation, ended };
}
