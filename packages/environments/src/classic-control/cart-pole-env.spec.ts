import { ConfigError, EnvironmentError } from '@prunerl/core';
import { ScriptedRandomSource } from '@prunerl/testing';
import { CartPoleEnv } from './cart-pole-env';

describe(CartPoleEnv, () => {
  describe('.reset', () => {
    it('should draw x, x_dot, theta, theta_dot uniformly in [-0.05, 0.05) in that order', () => {
      const random = new ScriptedRandomSource([0, 0.25, 0.5, 0.75]);
      const env = new CartPoleEnv({ random });
      const { observation } = env.reset();
      expect(Array.from(env.getState())).toEqual([-0.05, -0.05 + 0.1 * 0.25, -0.05 + 0.1 * 0.5, -0.05 + 0.1 * 0.75]);
      expect(observation).toEqual(Float32Array.from(env.getState()));
      expect(random.draws.map((d) => d.kind)).toEqual(['random', 'random', 'random', 'random']);
    });
  });

  describe('.step', () => {
    it('should push the resting cart by hand-derived amounts (xacc = 400/41, thetaacc = -600/41)', () => {
      // From rest, force +10: temp = 10 / 1.1 = 100/11; thetaacc = -temp / (0.5 (4/3 - 0.1/1.1)) = -600/41;
      // xacc = temp - 0.05 thetaacc / 1.1 = 400/41. Euler with tau 0.02 moves only the velocities.
      const env = new CartPoleEnv();
      env.reset({ seed: 0 });
      env.setState([0, 0, 0, 0]);
      const { observation, reward, terminated, truncated } = env.step(1);
      const s = env.getState();
      expect(s[0]).toBe(0);
      expect(s[1]).toBeCloseTo(0.02 * (400 / 41), 15);
      expect(s[2]).toBe(0);
      expect(s[3]).toBeCloseTo(0.02 * (-600 / 41), 15);
      expect(observation).toEqual(Float32Array.from(s));
      expect([reward, terminated, truncated]).toEqual([1, false, false]);
      env.setState([0, 0, 0, 0]);
      env.step(0);
      expect(env.getState()[1]).toBeCloseTo(-0.02 * (400 / 41), 15);
    });

    it('should follow the equations of motion from a tilted, moving state', () => {
      const env = new CartPoleEnv();
      env.reset({ seed: 0 });
      const [x, xDot, theta, thetaDot] = [0.1, -0.3, 0.05, 0.4];
      env.setState([x, xDot, theta, thetaDot]);
      env.step(0);
      const force = -10;
      const temp = (force + 0.05 * thetaDot ** 2 * Math.sin(theta)) / 1.1;
      const thetaAcc = (9.8 * Math.sin(theta) - Math.cos(theta) * temp) / (0.5 * (4 / 3 - (0.1 * Math.cos(theta) ** 2) / 1.1));
      const xAcc = temp - (0.05 * thetaAcc * Math.cos(theta)) / 1.1;
      const s = env.getState();
      expect(s[0]).toBeCloseTo(x + 0.02 * xDot, 14);
      expect(s[1]).toBeCloseTo(xDot + 0.02 * xAcc, 14);
      expect(s[2]).toBeCloseTo(theta + 0.02 * thetaDot, 14);
      expect(s[3]).toBeCloseTo(thetaDot + 0.02 * thetaAcc, 14);
    });

    it('should terminate past x = +-2.4 or theta = +-12 degrees, with reward 1 on that step', () => {
      const env = new CartPoleEnv();
      env.reset({ seed: 0 });
      env.setState([2.39, 1, 0, 0]); // x becomes 2.41
      expect(env.step(1)).toMatchObject({ reward: 1, terminated: true, truncated: false });
      env.setState([-2.39, -1, 0, 0]);
      expect(env.step(0).terminated).toBe(true);
      const limit = (12 * 2 * Math.PI) / 360;
      env.setState([0, 0, limit - 0.001, 0.1]); // theta becomes limit + 0.001
      expect(env.step(1).terminated).toBe(true);
      env.setState([0, 0, limit - 0.003, 0.1]); // theta becomes limit - 0.001
      expect(env.step(0).terminated).toBe(false);
    });

    it('should give 0 per step and -1 on termination with the Sutton-Barto reward', () => {
      const env = new CartPoleEnv({ suttonBartoReward: true });
      env.reset({ seed: 0 });
      env.setState([0, 0, 0, 0]);
      expect(env.step(1).reward).toBe(0);
      env.setState([2.39, 1, 0, 0]);
      expect(env.step(1).reward).toBe(-1);
    });

    it('should refuse a step after termination and actions other than 0 and 1', () => {
      const env = new CartPoleEnv();
      env.reset({ seed: 0 });
      expect(() => env.step(2)).toThrow(EnvironmentError);
      expect(() => env.step(2)).toThrow(/step\(action\): expected an action of Discrete\(2\).*got 2\./);
      env.setState([2.39, 1, 0, 0]);
      env.step(1);
      expect(() => env.step(1)).toThrow(/expected a call to reset\(\) after the episode ended, got 1/);
    });
  });

  describe('.close', () => {
    it('should refuse reset and step afterwards', () => {
      const env = new CartPoleEnv();
      env.reset({ seed: 1 });
      env.close();
      expect(() => env.step(0)).toThrow(/step\(action\): expected an environment that is not closed, got 0/);
      expect(() => env.reset()).toThrow(EnvironmentError);
    });
  });

  describe('.setState', () => {
    it('should reject states of the wrong length or with non-finite values', () => {
      const env = new CartPoleEnv();
      expect(() => env.setState([0, 0, 0])).toThrow(/setState\(state\): expected 4 finite numbers/);
      expect(() => env.setState([0, 0, Number.NaN, 0])).toThrow(/setState\(state\)\[2\]: expected a finite number, got NaN/);
    });
  });

  it('should reject unknown options', () => {
    expect(() => new CartPoleEnv({ gravity: 3 } as never)).toThrow(ConfigError);
  });

  it('should bound observations by 4.8 and 24 degrees as float32', () => {
    const env = new CartPoleEnv();
    expect(Array.from(env.observationSpace.high)).toEqual([Math.fround(4.8), Infinity, Math.fround((24 * Math.PI) / 180), Infinity]);
  });
});
