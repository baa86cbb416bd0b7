import { make } from '@prunerl/environments';
import { StateError } from '@prunerl/core';
import { observationDigest, readPersistentState, replayEpisode, writePersistentState } from './episode-environment';

describe(observationDigest.name, () => {
  it('should be the first 32 hex digits of the SHA-256 of the bytes, as checkpoints written with node:crypto hold', async () => {
    // sha256 of the bytes 01 02 03 04 (one int32 little-endian 0x04030201).
    await expect(observationDigest(new Int32Array([0x04030201]))).resolves.toBe('9f64a747e1b97f131fabb6b447296c9b');
    // A view into a larger buffer digests only its own bytes.
    await expect(observationDigest(new Uint8Array([9, 1, 2, 3, 4, 9]).subarray(1, 5))).resolves.toBe('9f64a747e1b97f131fabb6b447296c9b');
  });
});

describe(replayEpisode.name, () => {
  it('should bring a fresh environment to the same point of a seeded episode', async () => {
    const env = make('MinAtar/SpaceInvaders-v1', { stickyActionProb: 0.5 });
    env.reset({ seed: 9 });
    writePersistentState(env, 3);
    const actions = [1, 2, 5, 5, 0, 3, 4, 1, 2, 2];
    let observation = env.reset({ seed: 9 }).observation;
    const lastActionAtStart = readPersistentState(env);
    for (const action of actions) observation = env.step(action).observation;
    const fresh = make('MinAtar/SpaceInvaders-v1', { stickyActionProb: 0.5 });
    const replayed = await replayEpisode(fresh, { seed: 9, lastActionAtStart, actions, observationDigest: await observationDigest(observation) });
    expect(Array.from(replayed.observation)).toEqual(Array.from(observation));
    expect(readPersistentState(fresh)).toBe(readPersistentState(env));
    // The next step matches too (same sticky draw, same game draws).
    expect(Array.from(fresh.step(4).observation)).toEqual(Array.from(env.step(4).observation));
  });

  it('should refuse when the replay does not reach the saved observation', async () => {
    const env = make('MinAtar/Breakout-v1');
    await expect(replayEpisode(env, { seed: 1, lastActionAtStart: 0, actions: [1, 1], observationDigest: 'not-this' })).rejects.toThrow(StateError);
  });

  it('should read no lastAction from environments without one', () => {
    const env = make('CartPole-v1');
    expect(readPersistentState(env)).toBeUndefined();
    expect(() => writePersistentState(env, 2)).toThrow(/environment lastAction/);
    writePersistentState(env, undefined);
  });
});
