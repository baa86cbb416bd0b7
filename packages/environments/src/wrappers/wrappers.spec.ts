import { Box, ConfigError, Discrete, EnvironmentError, type Environment, type ResetResult, type StepResult } from '@prunerl/core';
import { ClipReward } from './clip-reward';
import { FrameStack } from './frame-stack';
import { ObservationToFloat } from './observation-to-float';
import { RecordEpisodeStatistics } from './record-episode-statistics';
import { TimeLimit } from './time-limit';

/**
 * A counter: the observation is [t, t + 1] as uint8, the reward is the action minus 1, and the
 * episode terminates after `length` steps.
 */
class CounterEnv implements Environment<Uint8Array, number> {
  readonly id = 'Counter-v0';
  readonly observationSpace = new Box({ low: 0, high: 255, shape: [2], dtype: 'uint8' });
  readonly actionSpace = new Discrete(4);
  t = 0;
  closed = false;
  constructor(private readonly length = 1000) {}
  get unwrapped(): this {
    return this;
  }
  reset(): ResetResult<Uint8Array> {
    this.t = 0;
    return { observation: Uint8Array.of(0, 1), info: { start: true } };
  }
  step(action: number): StepResult<Uint8Array> {
    this.t += 1;
    return { observation: Uint8Array.of(this.t, this.t + 1), reward: action - 1, terminated: this.t >= this.length, truncated: false, info: { t: this.t } };
  }
  close(): void {
    this.closed = true;
  }
  render(): string {
    return `t=${this.t}`;
  }
}

describe(TimeLimit, () => {
  describe('.step', () => {
    it('should set truncated once maxEpisodeSteps steps have elapsed, and reset the count on reset', () => {
      const env = new TimeLimit(new CounterEnv(), 3);
      env.reset();
      expect([env.step(1).truncated, env.step(1).truncated, env.step(1).truncated]).toEqual([false, false, true]);
      expect(() => env.step(1)).toThrow(EnvironmentError);
      expect(() => env.step(1)).toThrow(/after the episode ended, got 1\. The episode was truncated at the time limit of 3 steps/);
      env.reset();
      expect(env.elapsedSteps).toBe(0);
      expect(env.step(1).truncated).toBe(false);
    });

    it('should report both flags when the limit and a termination coincide', () => {
      const env = new TimeLimit(new CounterEnv(2), 2);
      env.reset();
      env.step(0);
      expect(env.step(0)).toMatchObject({ terminated: true, truncated: true });
    });
  });

  it('should forward id, spaces, unwrapped, render and close', () => {
    const inner = new CounterEnv();
    const env = new TimeLimit(inner, 5);
    expect([env.id, env.observationSpace, env.actionSpace, env.unwrapped, env.render()]).toEqual([
      'Counter-v0', inner.observationSpace, inner.actionSpace, inner, 't=0',
    ]);
    env.close();
    expect(inner.closed).toBe(true);
    expect(() => new TimeLimit(inner, 0)).toThrow(ConfigError);
  });
});

describe(FrameStack, () => {
  it('should stack the last k observations oldest first, padding with the first one', () => {
    const env = new FrameStack(new CounterEnv(), 3);
    expect(env.observationSpace.shape).toEqual([3, 2]);
    expect(env.observationSpace.dtype).toBe('uint8');
    const first = env.reset().observation;
    expect(Array.from(first)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(env.step(1).observation)).toEqual([0, 1, 0, 1, 1, 2]);
    expect(Array.from(env.step(1).observation)).toEqual([0, 1, 1, 2, 2, 3]);
    const third = env.step(1).observation;
    expect(Array.from(third)).toEqual([1, 2, 2, 3, 3, 4]);
    expect(Array.from(first)).toEqual([0, 1, 0, 1, 0, 1]); // earlier arrays are never reused
    expect(env.observationSpace.contains(third)).toBe(true);
  });

  it('should pad with zeros when asked', () => {
    const env = new FrameStack(new CounterEnv(), 2, { padding: 'zero' });
    expect(Array.from(env.reset().observation)).toEqual([0, 0, 0, 1]);
    expect(() => new FrameStack(new CounterEnv(), 0)).toThrow(ConfigError);
    expect(() => new FrameStack(new CounterEnv(), 2, { padding: 'edge' as never })).toThrow(/padding/);
    expect(() => new FrameStack(new CounterEnv(), 2, { axis: 'middle' as never })).toThrow(/axis/);
  });

  it('should add a last axis for frames without channels under axis last', () => {
    const env = new FrameStack(new CounterEnv(), 3, { axis: 'last' });
    expect(env.observationSpace.shape).toEqual([2, 3]);
    env.reset();
    env.step(1);
    // frames (0,1), (0,1), (1,2): position 0 reads 0,0,1 and position 1 reads 1,1,2.
    const observation = env.step(1).observation;
    expect(Array.from(observation)).toEqual([0, 1, 2, 1, 2, 3]);
    expect(env.observationSpace.contains(observation)).toBe(true);
  });

  it('should concatenate channels oldest first under axis last', () => {
    const frames = new FrameStack(new ChannelsEnv(), 2, { axis: 'last' });
    expect(frames.observationSpace.shape).toEqual([1, 2, 6]);
    frames.reset();
    // Position 0 holds (t, t+10, t+20) and position 1 (t+1, t+11, t+21): frames t=0 then t=1 per position.
    expect(Array.from(frames.step(0).observation)).toEqual([0, 10, 20, 1, 11, 21, 1, 11, 21, 2, 12, 22]);
  });
});

/** Frames of shape [1, 2, 3] (H, W, C) holding t + 10 * channel + column. */
class ChannelsEnv implements Environment<Uint8Array, number> {
  readonly id = 'Channels-v0';
  readonly observationSpace = new Box({ low: 0, high: 255, shape: [1, 2, 3], dtype: 'uint8' });
  readonly actionSpace = new Discrete(2);
  private t = 0;
  get unwrapped(): this {
    return this;
  }
  reset(): ResetResult<Uint8Array> {
    this.t = 0;
    return { observation: this.frame(), info: {} };
  }
  step(): StepResult<Uint8Array> {
    this.t += 1;
    return { observation: this.frame(), reward: 0, terminated: false, truncated: false, info: {} };
  }
  close(): void {}
  private frame(): Uint8Array {
    const t = this.t;
    return Uint8Array.of(t, t + 10, t + 20, t + 1, t + 11, t + 21);
  }
}

describe(RecordEpisodeStatistics, () => {
  it('should add the return and length to info on the last step of each episode', () => {
    const env = new RecordEpisodeStatistics(new CounterEnv(3));
    env.reset();
    expect(env.step(3).info.episode).toBeUndefined();
    env.step(2);
    const last = env.step(0);
    expect(last.info).toEqual({ t: 3, episode: { return: 2 + 1 - 1, length: 3 } });
    env.reset();
    env.step(1);
    env.step(1);
    expect(env.step(1).info.episode).toEqual({ return: 0, length: 3 });
    expect([env.episodeCount, env.returnQueue, env.lengthQueue]).toEqual([2, [2, 0], [3, 3]]);
  });
});

describe(ClipReward, () => {
  it('should clip rewards to [min, max]', () => {
    const env = new ClipReward(new CounterEnv());
    env.reset();
    expect([0, 1, 2, 3].map((a) => env.step(a).reward)).toEqual([-1, 0, 1, 1]);
    const wide = new ClipReward(new CounterEnv(), 0.5, Infinity);
    wide.reset();
    expect([0, 3].map((a) => wide.step(a).reward)).toEqual([0.5, 2]);
    expect(() => new ClipReward(new CounterEnv(), 1, 0)).toThrow(/ClipReward max: expected a number >= min = 1, got 0/);
  });
});

describe(ObservationToFloat, () => {
  it('should turn observations into scaled Float32Arrays with a scaled space', () => {
    const env = new ObservationToFloat(new CounterEnv(), { scale: 0.5 });
    expect(env.observationSpace.dtype).toBe('float32');
    expect(env.observationSpace.high[0]).toBe(127.5);
    const { observation } = env.reset();
    expect(observation).toEqual(Float32Array.of(0, 0.5));
    expect(env.step(0).observation).toEqual(Float32Array.of(0.5, 1));
    expect(() => new ObservationToFloat(new CounterEnv(), { scale: 0 })).toThrow(ConfigError);
  });
});
