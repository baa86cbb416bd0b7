import { EnvironmentError } from '@prunerl/core';
import { loadMujoco } from '../runtime/load-mujoco';
import type { MujocoRuntime } from '../runtime/mujoco-runtime';
import { AntEnv } from './ant-env';
import { HalfCheetahEnv } from './half-cheetah-env';
import { HopperEnv } from './hopper-env';
import { HumanoidEnv } from './humanoid-env';
import type { MujocoEnv } from './mujoco-env';
import { Walker2dEnv } from './walker2d-env';

let mujoco: MujocoRuntime;
const open: MujocoEnv[] = [];
beforeAll(async () => {
  mujoco = await loadMujoco();
});
afterEach(() => {
  for (const env of open.splice(0)) env.close();
});

/** An environment closed after the test. */
function track<E extends MujocoEnv>(env: E): E {
  open.push(env);
  return env;
}

const zeros = (n: number): Float32Array => new Float32Array(n);

/**
 * Gymnasium's initial state (`qpos0`, read off each model: Hopper and Walker2d stand at rootz 1.25,
 * Ant's torso at z 0.75 and Humanoid's at 1.4 with identity quaternions) with some entries changed;
 * velocities zero unless changed.
 */
function stateWith(env: MujocoEnv, qposChanges: Record<number, number>, qvelChanges: Record<number, number> = {}): [number[], number[]] {
  const qpos0: Record<string, number[]> = {
    Hopper: [0, 1.25, 0, 0, 0, 0],
    Walker2d: [0, 1.25, 0, 0, 0, 0, 0, 0, 0],
    HalfCheetah: Array<number>(9).fill(0),
    Ant: [0, 0, 0.75, 1, ...Array<number>(11).fill(0)],
    Humanoid: [0, 0, 1.4, 1, ...Array<number>(20).fill(0)],
  };
  const qpos = [...qpos0[env.constructor.name.replace(/Env$/, '')]!];
  const qvel = Array<number>(env.getState().qvel.length).fill(0);
  for (const [i, v] of Object.entries(qposChanges)) qpos[Number(i)] = v;
  for (const [i, v] of Object.entries(qvelChanges)) qvel[Number(i)] = v;
  return [qpos, qvel];
}

describe(HopperEnv, () => {
  it('should have Gymnasium v5 spaces and reset to [0, 1.25, 0, 0, 0, 0] without noise', () => {
    const env = track(new HopperEnv({ mujoco, resetNoiseScale: 0 }));
    expect(env.observationSpace.shape).toEqual([11]);
    expect(String(env.actionSpace)).toBe('Box(-1, 1, (3), float32)');
    expect(env.dt).toBeCloseTo(0.008, 15);
    const { observation, info } = env.reset();
    expect(Array.from(observation)).toEqual([1.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(info).toEqual({ x_position: 0, z_distance_from_origin: 0 });
    expect(track(new HopperEnv({ mujoco, excludeCurrentPositionsFromObservation: false })).observationSpace.shape).toEqual([12]);
  });

  it('should terminate at its healthy-z, angle and state bounds and pay the healthy reward only when healthy', () => {
    const env = track(new HopperEnv({ mujoco }));
    const cases: Array<[string, Record<number, number>, Record<number, number>, boolean]> = [
      ['upright', {}, {}, false],
      ['torso at z 0.65 (below 0.7)', { 1: 0.65 }, {}, true],
      ['torso angle 0.25 (above 0.2)', { 2: 0.25 }, {}, true],
      ['torso angle -0.25 (below -0.2)', { 2: -0.25 }, {}, true],
      ['torso angle 0.15 (inside)', { 2: 0.15 }, {}, false],
      ['thigh angular velocity 150 (outside +-100, unclipped)', {}, { 3: 150 }, true],
    ];
    for (const [name, qpos, qvel, ends] of cases) {
      env.setState(...stateWith(env, qpos, qvel));
      const { terminated, info, reward } = env.step(zeros(3));
      expect([name, terminated, info.reward_survive]).toEqual([name, ends, ends ? 0 : 1]);
      expect(reward).toBeCloseTo((info.reward_forward as number) + (info.reward_survive as number), 12);
    }
    const never = track(new HopperEnv({ mujoco, terminateWhenUnhealthy: false }));
    never.setState(...stateWith(never, { 1: 0.65 }));
    expect(never.step(zeros(3))).toMatchObject({ terminated: false, info: { reward_survive: 0 } });
  });

  it('should clip the observed velocities to [-10, 10] but not the healthy check', () => {
    const env = track(new HopperEnv({ mujoco }));
    env.setState(...stateWith(env, {}, { 0: 50 }));
    const { observation, info, terminated } = env.step(zeros(3));
    expect(observation[5]).toBe(10);
    expect(info.x_velocity as number).toBeGreaterThan(40);
    expect(terminated).toBe(false);
  });
});

describe(Walker2dEnv, () => {
  it('should observe 17 values and terminate outside z (0.8, 2) and angle (-1, 1)', () => {
    const env = track(new Walker2dEnv({ mujoco, resetNoiseScale: 0 }));
    expect(env.observationSpace.shape).toEqual([17]);
    expect(env.actionSpace.shape).toEqual([6]);
    expect(Array.from(env.reset().observation)).toEqual([1.25, ...Array<number>(16).fill(0)]);
    const cases: Array<[string, Record<number, number>, boolean]> = [
      ['upright', {}, false],
      ['z 0.75', { 1: 0.75 }, true],
      ['z 2.1', { 1: 2.1 }, true],
      ['angle 1.1', { 2: 1.1 }, true],
      ['angle -0.9', { 2: -0.9 }, false],
    ];
    for (const [name, qpos, ends] of cases) {
      env.setState(...stateWith(env, qpos));
      expect([name, env.step(zeros(6)).terminated]).toEqual([name, ends]);
    }
  });
});

describe(HalfCheetahEnv, () => {
  it('should pay forward_reward_weight * dx/dt minus 0.1 |a|^2 in float32, and never terminate', () => {
    const env = track(new HalfCheetahEnv({ mujoco, forwardRewardWeight: 2 }));
    expect(env.observationSpace.shape).toEqual([17]);
    expect(env.dt).toBeCloseTo(0.05, 15);
    env.setState(...stateWith(env, {}, { 0: 3 }));
    const xBefore = env.getState().qpos[0]!;
    const action = Float32Array.of(0.5, -0.5, 1, 0, 0.25, -1);
    const { reward, info, terminated } = env.step(action);
    const xVelocity = (env.getState().qpos[0]! - xBefore) / (0.01 * 5);
    expect(info.x_velocity).toBe(xVelocity);
    expect(info.reward_forward).toBe(2 * xVelocity);
    // 0.25 + 0.25 + 1 + 0 + 0.0625 + 1 = 2.5625, times float32(0.1), rounded to float32.
    expect(info.reward_ctrl).toBe(-Math.fround(Math.fround(0.1) * 2.5625));
    expect(reward).toBe(2 * xVelocity - Math.fround(Math.fround(0.1) * 2.5625));
    expect(terminated).toBe(false);
  });

  it('should truncate after 1000 steps, and not before', () => {
    const env = track(new HalfCheetahEnv({ mujoco }));
    env.reset({ seed: 1 });
    const action = zeros(6);
    for (let t = 1; t < 1000; t++) expect(env.step(action).truncated).toBe(false);
    expect(env.step(action)).toMatchObject({ terminated: false, truncated: true });
    expect(() => env.step(action)).toThrow(/step\(action\): expected a call to reset\(\) after the episode ended/);
  });
});

describe(AntEnv, () => {
  it('should observe 105 values (qpos[2:], qvel, 78 clipped contact forces) and reset at z 0.75 upright', () => {
    const env = track(new AntEnv({ mujoco, resetNoiseScale: 0 }));
    expect(env.observationSpace.shape).toEqual([105]);
    expect(env.actionSpace.shape).toEqual([8]);
    const { observation, info } = env.reset();
    expect(Array.from(observation.subarray(0, 5))).toEqual([0.75, 1, 0, 0, 0]);
    expect(observation.subarray(5).every((v) => v === 0)).toBe(true);
    expect(info).toEqual({ x_position: 0, y_position: 0, distance_from_origin: 0 });
    expect(track(new AntEnv({ mujoco, includeCfrcExtInObservation: false })).observationSpace.shape).toEqual([27]);
  });

  it('should terminate outside z [0.2, 1] and charge the squared clipped contact forces it observes', () => {
    const env = track(new AntEnv({ mujoco }));
    for (const [z, ends] of [[1.2, true], [1.05, true], [0.75, false]] as const) {
      env.setState(...stateWith(env, { 2: z }));
      expect([z, env.step(zeros(8)).terminated]).toEqual([z, ends]);
    }
    const high = track(new AntEnv({ mujoco, healthyZRange: [0.8, 1] }));
    high.setState(...stateWith(high, { 2: 0.75 }));
    expect(high.step(zeros(8)).terminated).toBe(true);
    env.reset({ seed: 3 });
    let contactSteps = 0;
    for (let t = 0; t < 30; t++) {
      const { observation, info, reward, terminated } = env.step(Float32Array.of(1, -1, 1, -1, 1, -1, 1, -1));
      const forces = observation.subarray(27);
      expect(forces.every((f) => f >= -1 && f <= 1)).toBe(true);
      const expected = -5e-4 * forces.reduce((s, f) => s + f * f, 0);
      expect(info.reward_contact as number).toBeCloseTo(expected, 7);
      if ((info.reward_contact as number) < 0) contactSteps++;
      expect(info.reward_ctrl).toBe(-4); // 0.5 * 8 * 1^2
      expect(reward).toBeCloseTo((info.reward_forward as number) + (info.reward_survive as number) + (info.reward_ctrl as number) + (info.reward_contact as number), 12);
      if (terminated) break;
    }
    expect(contactSteps).toBeGreaterThan(5);
  });
});

describe(HumanoidEnv, () => {
  it('should observe 348 values, act in [-0.4, 0.4] and terminate outside z (1, 2)', () => {
    const env = track(new HumanoidEnv({ mujoco, resetNoiseScale: 0 }));
    expect(env.observationSpace.shape).toEqual([348]);
    expect(env.actionSpace.shape).toEqual([17]);
    expect(env.actionSpace.high[0]).toBe(Math.fround(0.4));
    expect(Array.from(env.reset().observation.subarray(0, 5))).toEqual([Math.fround(1.4), 1, 0, 0, 0]);
    for (const [z, ends] of [[2.05, true], [1.4, false]] as const) {
      env.setState(...stateWith(env, { 2: z }));
      const { terminated, info } = env.step(zeros(17));
      expect([z, terminated, info.reward_survive]).toEqual([z, ends, ends ? 0 : 5]);
    }
    // Below z 1 the feet would push the body up through the floor within the step: the lower bound
    // is checked with a raised range instead.
    const raised = track(new HumanoidEnv({ mujoco, healthyZRange: [1.5, 2] }));
    raised.setState(...stateWith(raised, { 2: 1.45 }));
    expect(raised.step(zeros(17))).toMatchObject({ terminated: true, info: { reward_survive: 0 } });
    const small = track(new HumanoidEnv({ mujoco, includeCinertInObservation: false, includeCvelInObservation: false, includeQfrcActuatorInObservation: false, includeCfrcExtInObservation: false }));
    expect(small.observationSpace.shape).toEqual([45]);
  });

  it('should charge 0.1 |ctrl|^2 on the float64 action and clip the contact cost at 10', () => {
    const env = track(new HumanoidEnv({ mujoco, contactCostWeight: 1, terminateWhenUnhealthy: false }));
    env.reset({ seed: 0 });
    const action = new Float32Array(17).fill(0.3);
    const { info } = env.step(action);
    expect(info.reward_ctrl as number).toBeCloseTo(-0.1 * 17 * Math.fround(0.3) ** 2, 12);
    for (let t = 0; t < 40; t++) env.step(zeros(17));
    expect(Math.min(...[0, 1, 2].map(() => env.step(zeros(17)).info.reward_contact as number))).toBe(-10);
  });
});

describe('every environment', () => {
  const all: Array<[string, new (options: { mujoco: MujocoRuntime }) => MujocoEnv]> = [
    ['Hopper', HopperEnv],
    ['Walker2d', Walker2dEnv],
    ['HalfCheetah', HalfCheetahEnv],
    ['Ant', AntEnv],
    ['Humanoid', HumanoidEnv],
  ];

  it.each(all)('%s: should replay the same episode from the same seed, and another from another seed', (_, Env) => {
    const run = (seed: number): number[] => {
      const env = track(new Env({ mujoco }));
      const values = Array.from(env.reset({ seed }).observation);
      const n = env.actionSpace.size;
      for (let t = 0; t < 20; t++) {
        const result = env.step(Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin(t + i)));
        values.push(result.reward, ...result.observation.subarray(0, 3));
        if (result.terminated) values.push(...env.reset().observation);
      }
      values.push(...env.reset().observation);
      return values;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it.each(all)('%s: should refuse an action of the wrong shape, type or with NaN, naming the field', (_, Env) => {
    const env = track(new Env({ mujoco }));
    env.reset({ seed: 0 });
    const n = env.actionSpace.size;
    expect(() => env.step(new Float32Array(n + 1))).toThrow(new RegExp(`^step\\(action\\): expected a Float32Array of ${n} values`));
    expect(() => env.step(new Float64Array(n) as unknown as Float32Array)).toThrow(EnvironmentError);
    const nan = new Float32Array(n);
    nan[1] = Number.NaN;
    expect(() => env.step(nan)).toThrow(/^step\(action\)\[1\]: expected a finite number, got NaN/);
    expect(() => env.step(7 as unknown as Float32Array)).toThrow(/step\(action\)/);
    expect(env.step(new Float32Array(n).fill(5)).reward).toEqual(expect.any(Number)); // beyond the box: MuJoCo clamps ctrl
  });

  it.each(all)('%s: should refuse a bad state or seed, naming the entry', (_, Env) => {
    const env = track(new Env({ mujoco }));
    const { qpos, qvel } = env.getState();
    expect(() => env.setState(qpos.subarray(1), qvel)).toThrow(new RegExp(`^setState\\(qpos\\): expected ${qpos.length} finite numbers`));
    const bad = Array.from(qvel);
    bad[2] = Number.POSITIVE_INFINITY;
    expect(() => env.setState(qpos, bad)).toThrow(/^setState\(qvel\)\[2\]: expected a finite number, got Infinity/);
    expect(() => env.reset({ seed: -1 })).toThrow(/^reset\(options\.seed\): expected an integer in \[0, 2\^53\)/);
    expect(() => new Env({ mujoco: {} as MujocoRuntime })).toThrow(/options\.mujoco: expected the runtime `await loadMujoco\(\)` returns/);
  });
});
