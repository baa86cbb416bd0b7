import 'reflect-metadata';
import { TOKENS, type Environment, type EnvironmentFactory } from '@prunerl/core';
import { Container } from 'inversify';
import type { AntEnv } from '../envs/ant-env';
import { mujocoModule } from './mujoco-module';

describe(mujocoModule, () => {
  it('should bind a factory of the id and a fresh environment per resolution', async () => {
    const container = new Container();
    container.loadSync(await mujocoModule({ id: 'Ant-v5', options: { includeCfrcExtInObservation: false } }));
    const a = container.get<Environment<Float32Array, Float32Array>>(TOKENS.Environment);
    const b = container.get<Environment<Float32Array, Float32Array>>(TOKENS.Environment);
    expect(a).not.toBe(b);
    expect(a.observationSpace.shape).toEqual([27]);
    const makeEnv = container.get<EnvironmentFactory<Float32Array, Float32Array>>(TOKENS.EnvironmentFactory);
    const evalEnv = makeEnv({ includeCfrcExtInObservation: true, maxEpisodeSteps: 10 }) as AntEnv;
    expect([evalEnv.observationSpace.shape, evalEnv.maxEpisodeSteps, evalEnv.id]).toEqual([[105], 10, 'Ant-v5']);
    for (const env of [a, b, evalEnv]) env.close();
  });

  it('should fail at once for an unknown id or a bad option', async () => {
    await expect(mujocoModule({ id: 'Ant-v4' })).rejects.toThrow(/environments: expected one of/);
    await expect(mujocoModule({ id: 'Ant-v5', options: { frameSkip: 0 } })).rejects.toThrow(/Ant options\.frameSkip: expected an integer >= 1, got 0/);
  });
});
