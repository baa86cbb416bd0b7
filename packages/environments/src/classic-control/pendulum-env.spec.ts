import { EnvironmentError } from '@prunerl/core';
import { ScriptedRandomSource } from '@prunerl/testing';
import { make } from '../registry/make';
import { angleNormalize, PendulumEnv } from './pendulum-env';

const f32 = Math.fround;

describe(PendulumEnv, () => {
  describe('.reset', () => {
    it('should draw theta in [-pi, pi) then thetaDot in [-1, 1), and observe [cos, sin, thetaDot]', () => {
      const env = new PendulumEnv({ random: new ScriptedRandomSource([0.25, 0.75]) });
      const { observation } = env.reset();
      // numpy: low + (high - low) * u for low = [-pi, -1], high = [pi, 1].
      expect(Array.from(env.getState())).toEqual([-Math.PI + 2 * Math.PI * 0.25, -1 + 2 * 0.75]);
      expect(observation).toEqual(Float32Array.of(Math.cos(-Math.PI / 2), -1, 0.5));
    });
  });

  describe('.step', () => {
    it('should take the cost from the state before the step and integrate thetaDot then theta', () => {
      const env = new PendulumEnv();
      env.reset({ seed: 0 });
      env.setState([0, 1]);
      const { observation, reward, terminated, truncated } = env.step(Float32Array.of(1.5));
      // cost = 0^2 + 0.1 * 1^2 + 0.001 * 1.5^2 (the last term float32, as numpy computes it):
      expect(reward).toBe(-(0.1 + f32(f32(0.001) * 2.25)));
      expect(reward).toBeCloseTo(-0.10225, 9);
      // thetaDot' = 1 + (15 sin 0 + 3 * 1.5) * 0.05 = 1.225; theta' = 0 + 1.225 * 0.05 = 0.06125.
      expect(Array.from(env.getState())).toEqual([1.225 * 0.05, 1 + 4.5 * 0.05]);
      expect(observation).toEqual(Float32Array.of(Math.cos(0.06125), Math.sin(0.06125), 1.225));
      expect([terminated, truncated]).toEqual([false, false]);
    });

    it('should clip the torque to [-2, 2] and the speed to [-8, 8]', () => {
      const env = new PendulumEnv();
      env.reset({ seed: 0 });
      env.setState([0, 7.9]);
      const { reward } = env.step(Float32Array.of(5));
      // u = 2: 7.9 + 6 * 0.05 = 8.2 -> 8; theta = 8 * 0.05; cost 0.1 * 7.9^2 + 0.001 * 4.
      expect(Array.from(env.getState())).toEqual([0.4, 8]);
      expect(reward).toBe(-(0.1 * (7.9 * 7.9) + f32(f32(0.001) * 4)));
      env.setState([0, -7.9]);
      env.step(Float32Array.of(-5));
      expect(Array.from(env.getState())).toEqual([-0.4, -8]);
    });

    it('should pull the pendulum down with 3 g / (2 l) sin(theta) and charge the normalised angle', () => {
      const env = new PendulumEnv({ g: 9.81 });
      env.reset({ seed: 0 });
      const theta = (3 * Math.PI) / 2; // the angle normalises to -pi/2 (floored modulo, as numpy's %)
      env.setState([theta, 0]);
      const { reward } = env.step(Float32Array.of(0));
      const normalized = angleNormalize(theta);
      expect(normalized).toBeCloseTo(-Math.PI / 2, 12);
      expect(reward).toBe(-(normalized * normalized + 0 + 0));
      const thetaDot = 0 + ((3 * 9.81) / 2) * Math.sin(theta) * 0.05;
      expect(Array.from(env.getState())).toEqual([theta + thetaDot * 0.05, thetaDot]);
    });

    it('should refuse an action of the wrong shape or with NaN, naming the field', () => {
      const env = new PendulumEnv();
      env.reset({ seed: 0 });
      expect(() => env.step(Float32Array.of(1, 2))).toThrow(EnvironmentError);
      expect(() => env.step(Float32Array.of(1, 2))).toThrow(/^step\(action\): expected a Float32Array of 1 values \(shape \[1\]\) for Box\(-2, 2, \(1\), float32\), got Float32Array\(2\)/);
      expect(() => env.step(Float32Array.of(Number.NaN))).toThrow(/^step\(action\)\[0\]: expected a finite number, got NaN/);
      expect(() => env.step(0.5 as unknown as Float32Array)).toThrow(/^step\(action\): expected a Float32Array/);
    });
  });

  describe(angleNormalize, () => {
    it('should map angles to [-pi, pi) with a floored modulo', () => {
      expect(angleNormalize(0)).toBe(0);
      expect(angleNormalize(Math.PI)).toBe(-Math.PI);
      expect(angleNormalize(-Math.PI - 0.5)).toBeCloseTo(Math.PI - 0.5, 12);
      expect(angleNormalize(7)).toBeCloseTo(7 - 2 * Math.PI, 12);
    });
  });

  it('should end episodes by truncation at 200 steps under make("Pendulum-v1")', () => {
    const env = make('Pendulum-v1');
    env.reset({ seed: 3 });
    let steps = 0;
    for (;;) {
      const r = env.step(Float32Array.of(0));
      steps += 1;
      expect(r.terminated).toBe(false);
      if (r.truncated) break;
    }
    expect(steps).toBe(200);
  });
});
