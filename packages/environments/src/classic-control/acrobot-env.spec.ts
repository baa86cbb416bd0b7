import { ScriptedRandomSource } from '@prunerl/testing';
import { AcrobotEnv } from './acrobot-env';

/** The "book" equations of Sutton and Barto, written out independently of the port. */
function derivatives([t1, t2, w1, w2]: number[], torque: number): number[] {
  const d1 = 0.25 + (1 + 0.25 + Math.cos(t2)) + 2; // m1 lc1^2 + m2 (l1^2 + lc2^2 + 2 l1 lc2 cos t2) + I1 + I2
  const d2 = 0.25 + 0.5 * Math.cos(t2) + 1; // m2 (lc2^2 + l1 lc2 cos t2) + I2
  const phi2 = 0.5 * 9.8 * Math.cos(t1 + t2 - Math.PI / 2);
  const phi1 = -0.5 * w2 * w2 * Math.sin(t2) - w2 * w1 * Math.sin(t2) + 1.5 * 9.8 * Math.cos(t1 - Math.PI / 2) + phi2;
  const a2 = (torque + (d2 / d1) * phi1 - 0.5 * w1 * w1 * Math.sin(t2) - phi2) / (0.25 + 1 - (d2 * d2) / d1);
  const a1 = -(d2 * a2 + phi1) / d1;
  return [w1, w2, a1, a2];
}

function rk4(s: number[], torque: number, dt = 0.2): number[] {
  const add = (a: number[], b: number[], h: number): number[] => a.map((v, i) => v + h * b[i]!);
  const k1 = derivatives(s, torque);
  const k2 = derivatives(add(s, k1, dt / 2), torque);
  const k3 = derivatives(add(s, k2, dt / 2), torque);
  const k4 = derivatives(add(s, k3, dt), torque);
  return s.map((v, i) => v + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
}

describe(AcrobotEnv, () => {
  describe('.reset', () => {
    it('should draw the four state values uniformly in [-0.1, 0.1) and round them to float32', () => {
      const env = new AcrobotEnv({ random: new ScriptedRandomSource([0.1, 0.2, 0.3, 0.9]) });
      const { observation } = env.reset();
      const expected = [0.1, 0.2, 0.3, 0.9].map((u) => Math.fround(-0.1 + 0.2 * u));
      expect(Array.from(env.getState())).toEqual(expected);
      expect(observation).toEqual(
        Float32Array.of(Math.cos(expected[0]!), Math.sin(expected[0]!), Math.cos(expected[1]!), Math.sin(expected[1]!), expected[2]!, expected[3]!),
      );
    });
  });

  describe('.step', () => {
    it('should stay at the hanging equilibrium with no torque, reward -1', () => {
      const env = new AcrobotEnv();
      env.reset({ seed: 0 });
      env.setState([0, 0, 0, 0]);
      const { observation, reward, terminated } = env.step(1);
      for (const v of env.getState()) expect(Math.abs(v)).toBeLessThan(1e-14);
      expect(Array.from(observation)).toEqual([1, expect.closeTo(0, 14), 1, expect.closeTo(0, 14), expect.closeTo(0, 14), expect.closeTo(0, 14)]);
      expect([reward, terminated]).toEqual([-1, false]);
    });

    it('should start accelerating the second joint at 72/41 rad/s^2 under torque +1', () => {
      // At rest hanging down: d1 = 4.5, d2 = 1.75, phi = 0, so ddtheta2 = 1 / (1.25 - 1.75^2 / 4.5) = 72/41
      // and ddtheta1 = -1.75 ddtheta2 / 4.5 = -28/41; over a short step the velocities follow them.
      expect(derivatives([0, 0, 0, 0], 1).map((v) => Number(v.toFixed(12)))).toEqual([0, 0, Number((-28 / 41).toFixed(12)), Number((72 / 41).toFixed(12))]);
      const env = new AcrobotEnv();
      env.reset({ seed: 0 });
      env.setState([0, 0, 0, 0]);
      env.step(2);
      const [, , w1, w2] = env.getState();
      // Gravity couples in as the links swing, so the mean accelerations stay within 6% of the start.
      expect(Math.abs(w1! / 0.2 / (-28 / 41) - 1)).toBeLessThan(0.06);
      expect(Math.abs(w2! / 0.2 / (72 / 41) - 1)).toBeLessThan(0.06);
    });

    it('should integrate one RK4 step of dt 0.2 from any state', () => {
      const env = new AcrobotEnv();
      env.reset({ seed: 0 });
      for (const [state, action] of [
        [[0.3, -0.7, 1.1, -2.0], 0],
        [[-1.2, 2.5, -0.4, 3.3], 2],
        [[2.0, 0.1, 0.0, 0.5], 1],
      ] as const) {
        env.setState(state);
        env.step(action);
        const expected = rk4([...state], action - 1);
        env.getState().forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
      }
    });

    it('should wrap angles into [-pi, pi] and clip velocities at 4 pi and 9 pi', () => {
      const env = new AcrobotEnv();
      env.reset({ seed: 0 });
      env.setState([Math.PI - 0.01, 0, 4 * Math.PI, 0]);
      env.step(1);
      const [t1, , w1] = env.getState();
      expect(t1).toBeLessThan(0); // went past pi and was shifted by -2 pi
      expect(t1).toBeGreaterThanOrEqual(-Math.PI);
      expect(w1).toBeLessThanOrEqual(4 * Math.PI);
      env.setState([0, 0, 0, 30]);
      env.step(1);
      expect(env.getState()[3]).toBe(9 * Math.PI);
    });

    it('should terminate with reward 0 once the tip is more than one link above the pivot', () => {
      const env = new AcrobotEnv();
      env.reset({ seed: 0 });
      env.setState([Math.PI, 0, 0, 0]); // both links straight up: -cos(pi) - cos(pi) = 2 > 1
      expect(env.step(1)).toMatchObject({ reward: 0, terminated: true });
      env.reset();
      env.setState([Math.PI / 2, 0, 0, 0]); // horizontal: height 0 + 0... -cos(pi/2) - cos(pi/2) = 0
      expect(env.step(1)).toMatchObject({ reward: -1, terminated: false });
    });
  });
});
