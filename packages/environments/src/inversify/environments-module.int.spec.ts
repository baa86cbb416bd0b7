import { ConfigError, TOKENS, type Environment, type EnvironmentFactory } from '@prunerl/core';
import { Container } from 'inversify';
import { MinAtarEnv } from '../minatar/minatar-env';
import { environmentsModule } from './environments-module';

describe(environmentsModule, () => {
  it('should bind a factory for the id and a fresh environment per resolution', () => {
    const container = new Container();
    container.loadSync(environmentsModule({ id: 'MinAtar/Freeway-v1', options: { stickyActionProb: 0 } }));
    const factory = container.get<EnvironmentFactory>(TOKENS.EnvironmentFactory);
    const env = factory({ minimalActionSet: true }) as MinAtarEnv;
    expect([env.id, env.stickyActionProb, env.actionSpace.n]).toEqual(['MinAtar/Freeway-v1', 0, 3]);
    const a = container.get<Environment>(TOKENS.Environment);
    const b = container.get<Environment>(TOKENS.Environment);
    expect(a).not.toBe(b);
    expect(a.observationSpace.shape).toEqual([10, 10, 7]);
  });

  it('should reject an unknown id when the module is built', () => {
    expect(() => environmentsModule({ id: 'Nope-v0' })).toThrow(ConfigError);
  });
});
