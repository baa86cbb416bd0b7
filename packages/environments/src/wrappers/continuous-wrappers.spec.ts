import { Box, ConfigError, EnvironmentError, StateError, type Environment, type ResetResult, type StepResult } from '@prunerl/core';
import { CartPoleEnv } from '../classic-control/cart-pole-env';
import { PendulumEnv } from '../classic-control/pendulum-env';
import { ClipAction } from './clip-action';
import { NormalizeObservation } from './normalize-observation';
import { RescaleAction } from './rescale-action';

const f32 = Math.fround;

/** Records the actions it gets; observations are `[t, 2t]`, so statistics are easy to compute by hand. */
class EchoEnv implements Environment<Float32Array, Float32Array> {
  readonly observationSpace = new Box({ low: -100, high: 100, shape: [2], dtype: 'float32' });
  readonly actionSpace = new Box({ low: [-2, 0], high: [2, 10], shape: [2], dtype: 'float32' });
  readonly actions: Float32Array[] = [];
  t = 0;
  get unwrapped(): this {
    return this;
  }
  reset(): ResetResult<Float32Array> {
    this.t = 0;
    return { observation: Float32Array.of(0, 0), info: {} };
  }
  step(action: Float32Array): StepResult<Float32Array> {
    this.actions.push(action);
    this.t += 1;
    return { observation: Float32Array.of(this.t, 2 * this.t), reward: 0, terminated: false, truncated: false, info: {} };
  }
  close(): void {}
}

describe(ClipAction, () => {
  it('should clip each entry to the wrapped bounds and offer an unbounded box', () => {
    const inner = new EchoEnv();
    const env = new ClipAction(inner);
    expect(env.actionSpace.toJSON()).toMatchObject({ low: -Infinity, high: Infinity, shape: [2] });
    env.reset();
    env.step(Float32Array.of(-7, 4.5));
    env.step(Float32Array.of(3, 11));
    expect(inner.actions.map((a) => Array.from(a))).toEqual([
      [-2, 4.5],
      [2, 10],
    ]);
  });

  it('should refuse a NaN entry or a wrong shape, naming the field', () => {
    const env = new ClipAction(new EchoEnv());
    env.reset();
    expect(() => env.step(Float32Array.of(0, Number.NaN))).toThrow(/^step\(action\)\[1\]: expected a finite number, got NaN/);
    expect(() => env.step(Float32Array.of(0))).toThrow(EnvironmentError);
  });

  it('should refuse a discrete environment', () => {
    expect(() => new ClipAction(new CartPoleEnv() as unknown as Environment<Float32Array, Float32Array>)).toThrow(/ClipAction env.actionSpace: expected a float32 Box space/);
  });
});

describe(RescaleAction, () => {
  it('should map [-1, 1] affinely onto the wrapped box and clip, as Gymnasium computes it', () => {
    const inner = new EchoEnv();
    const env = new RescaleAction(inner);
    expect(env.actionSpace.toJSON()).toMatchObject({ low: -1, high: 1 });
    env.reset();
    env.step(Float32Array.of(-1, -1));
    env.step(Float32Array.of(0.5, 0));
    env.step(Float32Array.of(3, 1));
    // gradient = (high - low) / 2 = [2, 5], intercept = gradient * 1 + low = [0, 5].
    expect(inner.actions.map((a) => Array.from(a))).toEqual([
      [-2, 0],
      [1, 5],
      [2, 10],
    ]);
  });

  it('should take per-entry bounds and refuse min >= max', () => {
    const inner = new EchoEnv();
    const env = new RescaleAction(inner, [0, 0], [1, 2]);
    env.reset();
    env.step(Float32Array.of(0.25, 1));
    expect(Array.from(inner.actions[0]!)).toEqual([-1, 5]);
    expect(() => new RescaleAction(new EchoEnv(), 1, 1)).toThrow(ConfigError);
    expect(() => new RescaleAction(new EchoEnv(), 1, 1)).toThrow(/RescaleAction minAction\/maxAction\[0\]: expected finite numbers with min < max/);
  });

  it('should drive Pendulum with a tanh-range action', () => {
    const env = new RescaleAction(new PendulumEnv());
    env.reset({ seed: 0 });
    (env.unwrapped as PendulumEnv).setState([0, 0]);
    env.step(Float32Array.of(0.5)); // torque 1: thetaDot = 3 * 1 * 0.05
    expect((env.unwrapped as PendulumEnv).getState()[1]).toBe(0.15000000000000002);
  });
});

describe(NormalizeObservation, () => {
  it('should update float32 running statistics with each observation, then normalise by them', () => {
    const env = new NormalizeObservation(new EchoEnv());
    expect(env.observationSpace.toJSON()).toMatchObject({ low: -Infinity, high: Infinity });
    // reset: x = [0, 0]: count 1e-4 -> 1.0001, mean stays 0, var = 1e-4 / 1.0001.
    const first = env.reset().observation;
    const var0 = f32(f32(1 * f32(1e-4)) / f32(1.0001));
    expect(env.statistics()).toEqual({ mean: [0, 0], var: [var0, var0], count: 1.0001 });
    expect(Array.from(first)).toEqual([0, 0]);
    // step: x = [1, 2]: delta = x, mean = x / 2.0001, var = (var0 * 1.0001 + delta^2 * 1.0001 / 2.0001) / 2.0001.
    const second = env.step(Float32Array.of(0, 0)).observation;
    const total = f32(2.0001);
    const count = f32(1.0001);
    const mean = [1, 2].map((x) => f32(x / total));
    const variance = [1, 2].map((x) => f32(f32(f32(var0 * count) + f32(f32(f32(x * x) * count) / total)) / total));
    expect(env.statistics()).toEqual({ mean, var: variance, count: 1e-4 + 1 + 1 });
    expect(Array.from(second)).toEqual([1, 2].map((x, i) => f32(f32(x - mean[i]!) / f32(Math.sqrt(f32(variance[i]! + f32(1e-8)))))));
    // About (x - x/2) / sqrt(x^2 / 4): one standard deviation above the mean.
    expect(second[0]).toBeCloseTo(1, 3);
  });

  it('should save and restore its statistics, and freeze them when asked', () => {
    const env = new NormalizeObservation(new EchoEnv());
    env.reset();
    for (let i = 0; i < 5; i++) env.step(Float32Array.of(0, 0));
    const saved = env.statistics();
    const copy = new NormalizeObservation(new EchoEnv(), { updateRunningMean: false });
    copy.restoreStatistics(JSON.parse(JSON.stringify(saved)));
    copy.reset();
    const a = copy.step(Float32Array.of(0, 0)).observation;
    expect(copy.statistics()).toEqual(saved);
    env.updateRunningMean = false;
    env.reset();
    expect(Array.from(env.step(Float32Array.of(0, 0)).observation)).toEqual(Array.from(a));
  });

  it('should refuse statistics that do not fit, naming the field and changing nothing', () => {
    const env = new NormalizeObservation(new EchoEnv());
    const before = env.statistics();
    expect(() => env.restoreStatistics({ mean: [0], var: [1, 1], count: 1 })).toThrow(StateError);
    expect(() => env.restoreStatistics({ mean: [0, 0], var: [1, -1], count: 1 })).toThrow(/NormalizeObservation statistics.var: expected 2 finite numbers >= 0/);
    expect(() => env.restoreStatistics({ mean: [0, 0], var: [1, 1], count: 0 })).toThrow(/statistics.count: expected a finite number > 0, got 0/);
    expect(env.statistics()).toEqual(before);
  });
});
