// Steps of Gymnasium's own environments, recorded by scripts/gymnasium-reference.py (Gymnasium 1.3
// on the `mujoco` Python package, MuJoCo 3.14, with Gymnasium's XML files), replayed here from the
// same states with the same actions on mujoco-js (MuJoCo 3.3.8) and this package's MJCF models.
import reference from './gymnasium-reference.fixture.json';
import { MUJOCO_ENVIRONMENTS } from '../registry/mujoco-environments';
import { loadMujoco } from '../runtime/load-mujoco';
import type { MujocoRuntime } from '../runtime/mujoco-runtime';

interface ReferenceStep {
  readonly action: number[];
  readonly observation: number[];
  readonly reward: number;
  readonly terminated: boolean;
  readonly info: Record<string, number>;
  readonly contacts: number;
}
interface ReferenceEnv {
  readonly qpos: number[];
  readonly qvel: number[];
  readonly observation: number[];
  readonly steps: ReferenceStep[];
}

/**
 * Hopper's and Ant's geoms have a contact `margin` (0.001, 0.01), and MuJoCo 3.3.8 and 3.14 resolve
 * such contacts differently (checked: this package's MJCF and Gymnasium's XML give bit-identical
 * trajectories under one MuJoCo version), so their steps are compared until the first contact.
 * Walker2d and HalfCheetah (margin 0, contacts from the first steps) and Humanoid (in the air) are
 * compared throughout.
 */
const MARGIN_CONTACTS = new Set(['Hopper-v5', 'Ant-v5']);

/** Largest |a - b| / (1 + |b|): float32 observations against float64 ones (12 digits). */
function maxRelativeGap(actual: ArrayLike<number>, expected: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  return worst;
}

let mujoco: MujocoRuntime;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

describe('Gymnasium v5 reference steps', () => {
  for (const [id, Env] of MUJOCO_ENVIRONMENTS) {
    it(`should step ${id} as Gymnasium does from the same state and actions`, () => {
      const ref = (reference.envs as Record<string, ReferenceEnv>)[id]!;
      const firstContact = ref.steps.findIndex((s) => s.contacts > 0);
      const compared = MARGIN_CONTACTS.has(id) ? ref.steps.slice(0, firstContact) : ref.steps;
      const env = new Env({ mujoco });
      try {
        env.reset({ seed: 0 });
        env.setState(ref.qpos, ref.qvel);
        for (const step of compared) {
          const result = env.step(Float32Array.from(step.action));
          expect(result.observation).toHaveLength(step.observation.length);
          expect(maxRelativeGap(result.observation, step.observation)).toBeLessThan(1e-6);
          expect(result.reward).toBeCloseTo(step.reward, 9);
          expect(result.terminated).toBe(step.terminated);
          for (const [key, value] of Object.entries(step.info)) expect([key, result.info[key]]).toEqual([key, expect.closeTo(value, 9)]);
        }
      } finally {
        env.close();
      }
      expect(compared.length).toBeGreaterThanOrEqual(4);
      // Walker2d's run ends in its height termination, at the same step as Gymnasium's.
      if (id === 'Walker2d-v5') expect(compared.at(-1)!.terminated).toBe(true);
    });
  }
});
