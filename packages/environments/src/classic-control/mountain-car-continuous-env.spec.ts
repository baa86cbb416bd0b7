import { ScriptedRandomSource } from '@prunerl/testing';
import { make } from '../registry/make';
import { MountainCarContinuousEnv } from './mountain-car-continuous-env';

const f32 = Math.fround;

describe(MountainCarContinuousEnv, () => {
  describe('.reset', () => {
    it('should draw the position uniformly in [-0.6, -0.4) with zero velocity', () => {
      const env = new MountainCarContinuousEnv({ random: new ScriptedRandomSource([0.25]) });
      const { observation } = env.reset();
      expect(Array.from(env.getState())).toEqual([-0.6 + (-0.4 - -0.6) * 0.25, 0]);
      expect(observation).toEqual(Float32Array.of(-0.55, 0));
    });
  });

  describe('.step', () => {
    it('should push with force * 0.0015 - 0.0025 cos(3 x), move, and charge 0.1 action^2', () => {
      const env = new MountainCarContinuousEnv();
      env.reset({ seed: 0 });
      env.setState([-0.5, 0]);
      const { observation, reward, terminated } = env.step(Float32Array.of(0.5));
      // First step after a reset: the state is float64; the force term is float32 (numpy >= 2).
      const velocity = f32(f32(0.5 * f32(0.0015)) - f32(0.0025 * Math.cos(-1.5)));
      expect(velocity).toBeCloseTo(0.75e-3 - 0.0025 * 0.0707372016677029, 9);
      expect(observation).toEqual(Float32Array.of(-0.5 + velocity, velocity));
      expect(reward).toBe(-(0.5 * 0.5 * 0.1));
      expect(terminated).toBe(false);
    });

    it('should match these steps of Gymnasium 1.x equations computed with numpy 2.4, bit for bit', () => {
      // continuous_mountain_car.py's step, run under numpy 2.4.6 from state [-0.5234, 0] with these
      // float32 actions; from the second step on the state is float32.
      const env = new MountainCarContinuousEnv();
      env.reset({ seed: 0 });
      env.setState([-0.5234, 0]);
      const steps: Array<[number, [number, number], number]> = [
        [-0.280440250871254, [-0.5238221287727356, -0.0004221511771902442], -0.007864672882733093],
        [-0.09317925390249293, [-0.5243823528289795, -0.0005602447781711817], -0.0008682373697269874],
        [-0.6922932652468162, [-0.5259751677513123, -0.0015928078209981322], -0.04792699942886572],
      ];
      for (const [action, observation, reward] of steps) {
        const r = env.step(Float32Array.of(action));
        expect(Array.from(r.observation)).toEqual(observation);
        expect(r.reward).toBe(reward);
      }
    });

    it('should clip the force to [-1, 1] but charge the unclipped action', () => {
      const env = new MountainCarContinuousEnv();
      env.reset({ seed: 0 });
      env.setState([-0.5, 0]);
      const { reward } = env.step(Float32Array.of(3));
      // A clipped force is the Python float 1.0, so the push is a float64 expression.
      const velocity = 1 * 0.0015 - 0.0025 * Math.cos(-1.5);
      expect(Array.from(env.getState())).toEqual([f32(-0.5 + velocity), f32(velocity)]);
      expect(reward).toBe(-(3 * 3 * 0.1));
    });

    it('should terminate with reward 100 - 0.1 action^2 at position >= 0.45 moving right', () => {
      const env = new MountainCarContinuousEnv();
      env.reset({ seed: 0 });
      env.setState([0.44, 0.02]);
      const { reward, terminated, truncated } = env.step(Float32Array.of(1));
      expect(env.getState()[0]).toBeGreaterThanOrEqual(0.45);
      expect([reward, terminated, truncated]).toEqual([100 - 0.1, true, false]);
    });

    it('should clip the velocity to 0.07 and stop the car at the left wall only when moving left', () => {
      const env = new MountainCarContinuousEnv();
      env.reset({ seed: 0 });
      env.setState([-Math.PI / 6, 0.0695]);
      env.step(Float32Array.of(1));
      expect(env.getState()[1]).toBe(f32(0.07));
      env.setState([-1.19, -0.05]);
      env.step(Float32Array.of(-1));
      expect(Array.from(env.getState())).toEqual([f32(-1.2), 0]);
    });
  });

  it('should truncate at 999 steps under make("MountainCarContinuous-v0")', () => {
    const env = make('MountainCarContinuous-v0');
    env.reset({ seed: 1 });
    let steps = 0;
    for (;;) {
      const r = env.step(Float32Array.of(0));
      steps += 1;
      if (r.truncated || r.terminated) {
        expect(r).toMatchObject({ terminated: false, truncated: true });
        break;
      }
    }
    expect(steps).toBe(999);
  });
});
