import { Box, Discrete, EnvironmentError, type Environment, type ResetResult, type StepResult } from '@prunerl/core';
import { SyncVectorEnv } from './sync-vector-env';

/** Episode length `length`; observation [episode, t] as int32; reward t. */
class EpisodeEnv implements Environment<Int32Array, number> {
  readonly observationSpace = new Box({ low: 0, high: 1000, shape: [2], dtype: 'int32' });
  readonly actionSpace = new Discrete(2);
  episode = -1;
  t = 0;
  seeds: (number | undefined)[] = [];
  constructor(private readonly length: number) {}
  get unwrapped(): this {
    return this;
  }
  reset(options: { seed?: number } = {}): ResetResult<Int32Array> {
    this.seeds.push(options.seed);
    this.episode += 1;
    this.t = 0;
    return { observation: Int32Array.of(this.episode, 0), info: { reset: true } };
  }
  step(): StepResult<Int32Array> {
    this.t += 1;
    return { observation: Int32Array.of(this.episode, this.t), reward: this.t, terminated: this.t === this.length, truncated: false, info: { t: this.t } };
  }
  close(): void {}
}

describe(SyncVectorEnv, () => {
  describe('.reset', () => {
    it('should concatenate the observations and seed copy i with seed + i', () => {
      const envs = [new EpisodeEnv(2), new EpisodeEnv(3)];
      const vec = new SyncVectorEnv(envs);
      const { observations, infos } = vec.reset({ seed: 10 });
      expect(Array.from(observations)).toEqual([0, 0, 0, 0]);
      expect(infos).toEqual([{ reset: true }, { reset: true }]);
      expect(envs.map((e) => e.seeds)).toEqual([[10], [11]]);
      expect(vec.observationSpace?.shape).toEqual([2, 2]);
    });
  });

  describe('.step', () => {
    it('should reset ended copies in the same step and keep the final observation in info (same-step)', () => {
      const vec = new SyncVectorEnv([new EpisodeEnv(2), new EpisodeEnv(3)]);
      vec.reset();
      vec.step([0, 0]);
      const r = vec.step([0, 0]);
      expect(Array.from(r.rewards)).toEqual([2, 2]);
      expect(r.terminated).toEqual([true, false]);
      expect(Array.from(r.observations)).toEqual([1, 0, 0, 2]); // copy 0 already in its next episode
      expect(r.infos[0]).toEqual({ reset: true, finalObservation: Int32Array.of(0, 2), finalInfo: { t: 2 } });
      expect(r.infos[1]).toEqual({ t: 2 });
      expect(Array.from(vec.step([0, 0]).observations)).toEqual([1, 1, 1, 0]);
    });

    it('should reset ended copies on the next step, ignoring their action (next-step)', () => {
      const vec = new SyncVectorEnv([new EpisodeEnv(1), new EpisodeEnv(3)], { autoresetMode: 'next-step' });
      vec.reset();
      const end = vec.step([1, 1]);
      expect([end.terminated, Array.from(end.observations)]).toEqual([[true, false], [0, 1, 0, 1]]);
      const next = vec.step([1, 1]);
      expect([Array.from(next.rewards), next.terminated, next.truncated]).toEqual([[0, 2], [false, false], [false, false]]);
      expect(Array.from(next.observations)).toEqual([1, 0, 0, 2]);
      expect(next.infos[0]).toEqual({ reset: true });
    });

    it('should refuse steps before reset and the wrong number of actions', () => {
      const vec = new SyncVectorEnv([new EpisodeEnv(1), new EpisodeEnv(1)]);
      expect(() => vec.step([0, 0])).toThrow(EnvironmentError);
      vec.reset();
      expect(() => vec.step([0])).toThrow(/SyncVectorEnv\.step\(actions\): expected 2 actions, one per env, got \[0\]/);
    });
  });

  it('should refuse copies with different spaces', () => {
    const other = new EpisodeEnv(1);
    Object.defineProperty(other, 'actionSpace', { value: new Discrete(3) });
    expect(() => new SyncVectorEnv([new EpisodeEnv(1), other])).toThrow(/SyncVectorEnv envs\[1\]/);
  });
});
