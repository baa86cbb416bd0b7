import { StateError, type Action, type Environment, type PersistentState, type TypedArray } from '@prunerl/core';

/**
 * What the environment keeps across `reset()` (`Environment.persistentState`, on the innermost
 * environment: MinAtar's sticky last action), or `undefined` when it keeps nothing.
 */
export function readPersistentState(env: Environment<TypedArray, Action>): PersistentState | undefined {
  return env.unwrapped.persistentState?.();
}

/**
 * Gives the environment back what {@link readPersistentState} read (a no-op for `undefined`). An
 * environment that cannot take it throws a `StateError`: the checkpoint came from another one.
 */
export function writePersistentState(env: Environment<TypedArray, Action>, value: PersistentState | undefined): void {
  if (value === undefined) return;
  const unwrapped = env.unwrapped;
  if (!unwrapped.restorePersistentState) {
    // `lastAction` is the checkpoint's name for this value (MinAtar's, the first environment with one).
    throw new StateError({ field: 'environment lastAction', value, expected: 'an environment with restorePersistentState() (the checkpoint came from one)' });
  }
  unwrapped.restorePersistentState(value);
}

/**
 * A short digest of an observation, to check that a replayed episode reached the same state: the
 * first 32 hex digits of the SHA-256 of its bytes. WebCrypto (`globalThis.crypto.subtle`, in Node 20
 * and in browsers and workers) rather than `node:crypto`, so the loop runs in a browser too; the
 * digests are those `node:crypto` wrote, so older checkpoints still resume.
 */
export async function observationDigest(observation: TypedArray): Promise<string> {
  const bytes = new Uint8Array(observation.buffer, observation.byteOffset, observation.byteLength);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes.slice()));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * How to put an environment back in the middle of an episode: its seed and the actions taken (the
 * checkpoint's JSON form: `runner.json`'s `env.episode`).
 */
export interface EpisodeReplay {
  readonly seed: number;
  /**
   * The environment's persistent state right after the episode's `reset` (MinAtar's sticky last
   * action, which the episode's first step may repeat); named for it in checkpoints.
   */
  readonly lastActionAtStart: PersistentState | undefined;
  /** The discrete actions taken, in order (empty when the actions are continuous: see `actionVectors`). */
  readonly actions: readonly number[];
  /**
   * The continuous actions taken (`Float32Array`s of a `Box` space), when there are any: `size`
   * values per action, every action's values laid end to end as little-endian float32 bytes in
   * base64, so a replayed episode steps with the very same bits (JSON numbers would lose `-0`).
   */
  readonly actionVectors?: { readonly size: number; readonly float32: string };
  /** {@link observationDigest} of the observation after the last action. */
  readonly observationDigest: string;
}

/** The checkpoint form of an episode's `actions` (see {@link EpisodeReplay}): numbers as they are, float32 vectors as exact bytes. */
export function encodeEpisodeActions(actions: readonly Action[]): Pick<EpisodeReplay, 'actions' | 'actionVectors'> {
  const first = actions[0];
  if (!(first instanceof Float32Array)) return { actions: actions as readonly number[] };
  const size = first.length;
  const view = new DataView(new ArrayBuffer(actions.length * size * 4));
  actions.forEach((action, i) => {
    if (!(action instanceof Float32Array) || action.length !== size) {
      throw new StateError({ field: 'episode actions', value: action, expected: `a Float32Array of ${size} values, as the episode's first action` });
    }
    action.forEach((value, j) => view.setFloat32((i * size + j) * 4, value, true));
  });
  let binary = '';
  const bytes = new Uint8Array(view.buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { actions: [], actionVectors: { size, float32: btoa(binary) } };
}

/** The actions of a checkpointed episode ({@link encodeEpisodeActions} undone); a malformed `actionVectors` throws a `StateError`. */
export function decodeEpisodeActions(replay: Pick<EpisodeReplay, 'actions' | 'actionVectors'>): Action[] {
  const vectors = replay.actionVectors;
  if (vectors === undefined) return [...replay.actions];
  const bytes = Uint8Array.from(atob(vectors.float32), (c) => c.charCodeAt(0));
  if (!Number.isInteger(vectors.size) || vectors.size < 1 || bytes.length % (4 * vectors.size) !== 0) {
    throw new StateError({ field: 'checkpoint episode.actionVectors', value: `${bytes.length} bytes of actions of ${vectors.size} values`, expected: 'whole float32 actions' });
  }
  const view = new DataView(bytes.buffer);
  return Array.from({ length: bytes.length / (4 * vectors.size) }, (_, i) => Float32Array.from({ length: vectors.size }, (_, j) => view.getFloat32((i * vectors.size + j) * 4, true)));
}

/**
 * Rebuilds an episode in progress by resetting with its seed and replaying its actions: the
 * `Environment` contract has no state snapshot, but a seeded episode is a pure function of its
 * actions, so this needs nothing from the environment. Returns the current observation, or throws a
 * `StateError` when the replay does not reach the recorded observation (a nondeterministic or
 * changed environment).
 */
export async function replayEpisode(env: Environment<TypedArray, Action>, replay: EpisodeReplay): Promise<{ observation: TypedArray; ended: boolean; actions: Action[] }> {
  let { observation } = env.reset({ seed: replay.seed });
  writePersistentState(env, replay.lastActionAtStart);
  let ended = false;
  const actions = decodeEpisodeActions(replay);
  actions.forEach((action, i) => {
    if (ended) {
      throw new StateError({ field: 'checkpoint episode.actions', value: i, expected: 'an episode that lasts as long as its recorded actions' });
    }
    const result = env.step(action);
    observation = result.observation;
    ended = result.terminated || result.truncated;
  });
  const digest = await observationDigest(observation);
  if (digest !== replay.observationDigest) {
    throw new StateError({
      field: 'checkpoint episode',
      value: `observation digest ${digest}`,
      expected: `${replay.observationDigest}: replaying the episode's ${actions.length} actions from seed ${replay.seed} should reach the saved observation (is the environment deterministic under reset({ seed })?)`,
    });
  }
  return { observation, ended, actions };
}
