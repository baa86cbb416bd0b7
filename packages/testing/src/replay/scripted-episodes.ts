import { typedArrayFor, type DType, type Transition, type TypedArray } from '@prunerl/core';

/** How a scripted episode ends. */
export type ScriptedEnding = 'terminated' | 'truncated' | 'open';

/** One scripted episode: its length in transitions and how it ends (`open`: still running; last episode only). */
export interface ScriptedEpisode {
  readonly length: number;
  readonly end: ScriptedEnding;
}

/** What an n-step transition must look like, computed naively from the transition list. */
export interface ExpectedNStep {
  /** Id of the first transition (stored in its observation's first value). */
  readonly id: number;
  readonly action: number;
  readonly reward: number;
  /** Value of the first entry of the bootstrap observation. */
  readonly nextObservationId: number;
  readonly discount: number;
}

/** Transitions of scripted episodes and the n-step targets they imply. */
export interface ScriptedTransitions {
  readonly transitions: Transition<TypedArray>[];
  /**
   * For each transition id, the n-step target, or `undefined` when its window is not complete yet
   * (it must not be sampled).
   */
  expected(nStep: number, gamma: number): Map<number, ExpectedNStep>;
}

/**
 * Flat observations (no frame stacking) whose first value is a unique id: transition `k` sees
 * observation id `k` and, within an episode, next observation id `k + 1`; an episode's final
 * observation gets its own id. Rewards are distinct (`1 + id / 8`), actions `id % 7`. Use it to
 * check a buffer's n-step targets against {@link ScriptedTransitions.expected}, a deliberately
 * naive reference: sum `gamma^k r` over the steps until n or the episode end, discount 0 after a
 * termination, else `gamma^m`.
 */
export function scriptedEpisodes(episodes: readonly ScriptedEpisode[], observationSize: number, dtype: DType = 'float32'): ScriptedTransitions {
  const observation = (id: number): TypedArray => {
    const o = typedArrayFor(dtype, observationSize);
    o.fill(id % 100);
    o[0] = id;
    return o;
  };
  episodes.forEach((episode, e) => {
    if (!Number.isInteger(episode.length) || episode.length < 1) throw new RangeError(`episodes[${e}].length must be a positive integer`);
    if (episode.end === 'open' && e !== episodes.length - 1) throw new RangeError(`episodes[${e}]: only the last episode can be open`);
  });
  const transitions: Transition<TypedArray>[] = [];
  const episodeOf: number[] = [];
  let id = 0;
  episodes.forEach((episode, e) => {
    for (let t = 0; t < episode.length; t++) {
      const last = t === episode.length - 1;
      transitions.push({
        observation: observation(id),
        action: id % 7,
        reward: 1 + id / 8,
        nextObservation: observation(id + 1),
        terminated: last && episode.end === 'terminated',
        truncated: last && episode.end === 'truncated',
      });
      episodeOf.push(e);
      id++;
    }
    // The final observation's id is skipped by the next episode's first observation.
    if (episode.end !== 'open') id++;
  });
  return {
    transitions,
    expected(nStep, gamma) {
      const out = new Map<number, ExpectedNStep>();
      transitions.forEach((first, i) => {
        let reward = 0;
        for (let k = 0; k < nStep; k++) {
          const step = transitions[i + k];
          if (!step || episodeOf[i + k] !== episodeOf[i]) return; // window not complete
          reward += gamma ** k * step.reward;
          const ended = step.terminated || step.truncated;
          if (ended || k === nStep - 1) {
            const isOpenEnd = !ended && (transitions[i + k + 1] === undefined || episodeOf[i + k + 1] !== episodeOf[i]);
            if (isOpenEnd && episodes[episodeOf[i]!]!.end === 'open') return; // the next observation is not stored yet
            out.set(first.observation[0]!, {
              id: first.observation[0]!,
              action: first.action,
              reward,
              nextObservationId: step.nextObservation[0]!,
              discount: step.terminated ? 0 : gamma ** (k + 1),
            });
            return;
          }
        }
      });
      return out;
    },
  };
}
