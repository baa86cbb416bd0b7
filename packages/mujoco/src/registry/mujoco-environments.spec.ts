import { ConfigError, environments, Registry, type EnvironmentRegistration } from '@prunerl/core';
import { environmentConformance } from '@prunerl/testing';
import { HopperEnv } from '../envs/hopper-env';
import type { MujocoEnv } from '../envs/mujoco-env';
import type { MujocoRuntime } from '../runtime/mujoco-runtime';
import { makeMujoco, MUJOCO_ENVIRONMENTS, register, registerMujocoEnvironments } from './mujoco-environments';

const IDS = ['Ant-v5', 'HalfCheetah-v5', 'Hopper-v5', 'Humanoid-v5', 'Walker2d-v5'];

let mujoco: MujocoRuntime;
beforeAll(async () => {
  mujoco = await registerMujocoEnvironments();
});

describe(registerMujocoEnvironments, () => {
  it('should register the five v5 ids in core\'s registry, building each with a 1000-step limit', () => {
    expect(environments.names()).toEqual(expect.arrayContaining(IDS));
    expect(MUJOCO_ENVIRONMENTS.map(([id]) => id).sort()).toEqual(IDS);
    for (const id of IDS) {
      const env = environments.get(id)({}) as MujocoEnv;
      expect([env.id, env.maxEpisodeSteps]).toEqual([id, 1000]);
      env.close();
    }
  });

  it('should pass options through, maxEpisodeSteps included, and refuse unknown ones by name', () => {
    const env = environments.get('Hopper-v5')({ maxEpisodeSteps: 3, healthyReward: 2 }) as HopperEnv;
    expect(env).toBeInstanceOf(HopperEnv);
    env.reset({ seed: 0 });
    const steps = [1, 2, 3].map(() => env.step(new Float32Array(3)));
    expect(steps.map((s) => [s.truncated, s.info.reward_survive])).toEqual([[false, 2], [false, 2], [true, 2]]);
    env.close();
    expect(() => environments.get('Hopper-v5')({ healthyZ: [0, 1] })).toThrow(ConfigError);
    expect(() => environments.get('Ant-v5')({ healthyZ: [0, 1] })).toThrow(/^Ant options\.healthyZ: expected one of the known options \(mujoco, xml, frameSkip/);
    expect(() => environments.get('Walker2d-v5')({ healthyZRange: [2, 1] })).toThrow(/Walker2d options\.healthyZRange: expected a pair \[low, high\]/);
    expect(() => environments.get('Walker2d-v5')({ healthyStateRange: [-1, 1] })).toThrow(/Walker2d options\.healthyStateRange: expected one of the known options/);
    expect(() => environments.get('Ant-v5')({ mainBody: 14 })).toThrow(/Ant options\.mainBody: expected a body id below the model's 14 bodies/);
  });

  it('should keep an id registered before it, and be idempotent', async () => {
    const registry = new Registry<EnvironmentRegistration>('environments');
    const mine: EnvironmentRegistration = () => {
      throw new Error('mine');
    };
    registry.register('Hopper-v5', mine);
    await registerMujocoEnvironments(registry);
    await registerMujocoEnvironments(registry);
    expect(registry.get('Hopper-v5')).toBe(mine);
    expect(registry.names()).toEqual(IDS);
  });
});

describe(register, () => {
  it('should register the ids in the registries the runner\'s plugin loader hands it', async () => {
    const registry = new Registry<EnvironmentRegistration>('environments');
    await register({ environments: registry });
    expect(registry.names()).toEqual(IDS);
  });
});

describe(makeMujoco, () => {
  it('should build an id with options', async () => {
    const env = await makeMujoco('HalfCheetah-v5', { ctrlCostWeight: 0 });
    env.reset({ seed: 0 });
    expect(env.step(Float32Array.of(1, 1, 1, 1, 1, 1)).info.reward_ctrl).toBe(-0);
    env.close();
    await expect(makeMujoco('Swimmer-v5')).rejects.toThrow(/environments: expected one of .*"Hopper-v5"/);
  });
});

// The runner's contract for every environment, on 150 random-action steps per rollout.
for (const [id, Env] of MUJOCO_ENVIRONMENTS) environmentConformance(id, () => new Env({ mujoco, id }), { steps: 150 });
