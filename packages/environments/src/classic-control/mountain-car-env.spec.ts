import { ScriptedRandomSource } from '@prunerl/testing';
import { MountainCarEnv } from './mountain-car-env';

describe(MountainCarEnv, () => {
  describe('.reset', () => {
    it('should draw the position uniformly in [-0.6, -0.4) with zero velocity', () => {
      const env = new MountainCarEnv({ random: new ScriptedRandomSource([0.25]) });
      const { observation } = env.reset();
      // numpy: low + (high - low) * u, and high - low = 0.19999999999999996.
      expect(Array.from(env.getState())).toEqual([-0.6 + (-0.4 - -0.6) * 0.25, 0]);
      expect(observation).toEqual(Float32Array.of(-0.55, 0));
    });
  });

  describe('.step', () => {
    it('should add (action - 1) * 0.001 - 0.0025 cos(3 x) to the velocity, then move', () => {
      const env = new MountainCarEnv();
      env.reset({ seed: 0 });
      for (const [action, push] of [[0, -0.001], [1, 0], [2, 0.001]] as const) {
        env.setState([-0.5, 0.01]);
        const { reward, terminated } = env.step(action);
        const velocity = 0.01 + push - 0.0025 * Math.cos(-1.5); // cos(-1.5) = 0.0707372...
        expect(env.getState()[1]).toBeCloseTo(velocity, 15);
        expect(env.getState()[0]).toBeCloseTo(-0.5 + velocity, 15);
        expect([reward, terminated]).toEqual([-1, false]);
      }
    });

    it('should clip the velocity to 0.07 before moving', () => {
      const env = new MountainCarEnv();
      env.reset({ seed: 0 });
      env.setState([-Math.PI / 6, 0.0695]); // cos(3 x) = 0: 0.0695 + 0.001 = 0.0705 -> 0.07
      env.step(2);
      expect(Array.from(env.getState())).toEqual([-Math.PI / 6 + 0.07, 0.07]);
    });

    it('should stop the car at the left wall only when moving left', () => {
      const env = new MountainCarEnv();
      env.reset({ seed: 0 });
      env.setState([-1.19, -0.05]);
      env.step(0);
      expect(Array.from(env.getState())).toEqual([-1.2, 0]);
      env.setState([-1.2, 0.01]);
      env.step(2);
      expect(env.getState()[1]).toBeGreaterThan(0);
    });

    it('should terminate at position >= 0.5 with non-negative velocity', () => {
      const env = new MountainCarEnv();
      env.reset({ seed: 0 });
      env.setState([0.49, 0.02]); // v = 0.02 - 0.0025 cos(1.47) = 0.01975, x = 0.50975
      expect(env.step(1)).toMatchObject({ reward: -1, terminated: true });
      env.reset();
      env.setState([0.6, -0.001]); // stays at 0.6 - ... but velocity is negative
      expect(env.step(0).terminated).toBe(false);
    });
  });
});
