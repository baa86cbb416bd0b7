import { Rng, StateError } from '@prunerl/core';
import { scriptedEpisodes } from '@prunerl/testing';
import { loadedOf, SPEC } from '../dataset/dataset-fixture';
import { datasetStats } from '../dataset/loaded-dataset';
import { FixedReplayBuffer } from './fixed-replay-buffer';

const EPISODES = scriptedEpisodes(
  [
    { length: 7, end: 'terminated' },
    { length: 12, end: 'truncated' },
    { length: 9, end: 'terminated' },
    { length: 5, end: 'truncated' },
  ],
  3,
);
const GAMMA = 0.9;

async function bytesOf(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

function buffer(nStep: number, perShard = 10, slices?: Parameters<typeof loadedOf>[2]): FixedReplayBuffer {
  return new FixedReplayBuffer({ dataset: loadedOf(EPISODES.transitions, perShard, slices), observationShape: [3], observationDtype: 'float32', nStep, gamma: GAMMA });
}

describe(FixedReplayBuffer.name, () => {
  it('should sample every transition of the dataset with its n-step return, across shard boundaries', () => {
    for (const nStep of [1, 3]) {
      const replay = buffer(nStep);
      expect(replay.size).toBe(33);
      expect(replay.stats.sampleable).toBe(33);
      const expected = EPISODES.expected(nStep, GAMMA);
      const seen = new Set<number>();
      const rng = Rng.fromSeed(1);
      for (let b = 0; b < 40; b++) {
        const batch = replay.sample(16, rng);
        for (let i = 0; i < batch.batchSize; i++) {
          const id = batch.observations[i * 3]!;
          const want = expected.get(id)!;
          seen.add(id);
          expect(batch.actions[i]).toBe(want.action);
          expect(batch.rewards[i]).toBeCloseTo(want.reward, 5);
          expect(batch.discounts[i]).toBeCloseTo(want.discount, 6);
          expect(batch.nextObservations[i * 3]).toBe(want.nextObservationId);
          expect(batch.probabilities[i]).toBeCloseTo(1 / 33, 7);
        }
      }
      expect(seen.size).toBe(33);
    }
  });

  it('should stop n-step windows where a slice ends without the next continuing it, bootstrapping from the stored next observation', () => {
    // Shards of 10: take transitions 0-4 of shard 0 and all of shard 2 (ids 20.. shifted by episode-final ids).
    const replay = buffer(3, 10, [
      { shard: 0, start: 0, end: 5 },
      { shard: 2, start: 0, end: 10 },
    ]);
    expect(replay.size).toBe(15);
    const rng = Rng.fromSeed(2);
    const ids = new Set<number>();
    for (let b = 0; b < 40; b++) {
      const batch = replay.sample(10, rng);
      for (let i = 0; i < batch.batchSize; i++) {
        const id = batch.observations[i * 3]!;
        ids.add(id);
        if (id === 4) {
          // Transition 4 is the slice's last: a 1-step window, discount gamma, next observation id 5.
          expect(batch.discounts[i]).toBeCloseTo(GAMMA, 6);
          expect(batch.nextObservations[i * 3]).toBe(5);
          expect(batch.rewards[i]).toBeCloseTo(1 + 4 / 8, 5);
        }
      }
    }
    expect(ids.size).toBe(15);
  });

  it('should never add, and save only which data it serves', async () => {
    const replay = buffer(1);
    expect(() => replay.add(EPISODES.transitions[0]!)).toThrow(/FixedReplayBuffer.add\(transition\): expected no transitions: a FixedReplayBuffer serves a fixed dataset/);
    const state = await bytesOf(replay.state());
    expect(state.reduce((n, c) => n + c.length, 0)).toBeLessThan(1024);
    const same = buffer(1);
    await same.restore(state);
    expect(same.sample(16, Rng.fromSeed(3))).toEqual(replay.sample(16, Rng.fromSeed(3)));
    await expect(buffer(3).restore(state)).rejects.toThrow(/restore\(state\) config.nStep/);
    await expect(buffer(1, 10, [{ shard: 1, start: 0, end: 10 }]).restore(state)).rejects.toThrow(StateError);
  });

  it('should refuse observations other than the dataset\'s, a capacity it does not fit in, and anything but a loaded dataset', () => {
    const dataset = loadedOf(EPISODES.transitions, 10);
    expect(() => new FixedReplayBuffer({ dataset, observationShape: [4], observationDtype: 'float32' })).toThrow(/FixedReplayBuffer.observationShape: expected \[3\] \(the dataset's, logged on Scripted-v0\)/);
    expect(() => new FixedReplayBuffer({ dataset, observationShape: [3], observationDtype: 'uint8' })).toThrow(/observationDtype/);
    expect(() => new FixedReplayBuffer({ dataset, observationShape: [3], observationDtype: 'float32', capacity: 20 })).toThrow(/FixedReplayBuffer.capacity: expected at least the 33 transitions/);
    expect(() => new FixedReplayBuffer({ dataset: 'runs/x' as never, observationShape: [3], observationDtype: 'float32' })).toThrow(/expected a loaded dataset/);
  });
});

describe(datasetStats.name, () => {
  it("should report the behaviour policy's episode returns, epsilons and actions", () => {
    const stats = datasetStats(loadedOf(EPISODES.transitions, 10));
    const returns = [0, 7, 19, 28].map((start, e) => EPISODES.transitions.slice(start, [7, 19, 28, 33][e]).reduce((a, t) => a + t.reward, 0));
    expect(stats.episodeReturns.map((r) => Math.fround(r))).toEqual(returns.map((r) => Math.fround(r)));
    expect(stats.meanReturn).toBeCloseTo(returns.reduce((a, b) => a + b) / 4, 4);
    expect(stats.episodesEnded).toBe(4);
    expect(stats.meanEpsilon).toBeCloseTo(((32 * 33) / 2 / 100) / 33, 5);
    expect(stats.actionCounts.reduce((a, b) => a + b)).toBe(33);
    expect(SPEC.numActions).toBe(stats.actionCounts.length);
    // From inside episode 0 (transitions 0-6) to the end of shard 1 (inside episode 2, 19-27): only
    // episode 1 (7-18) is seen whole.
    const partial = datasetStats(loadedOf(EPISODES.transitions, 10, [{ shard: 0, start: 3, end: 10 }, { shard: 1, start: 0, end: 10 }]));
    expect(partial.episodeReturns.map((r) => Math.fround(r))).toEqual([Math.fround(returns[1]!)]);
    expect(partial.episodesEnded).toBe(2);
  });
});
