import { ConfigError } from '@prunerl/core';
import { INIT_PRESETS, resolveInitScheme } from './init-scheme';

describe('resolveInitScheme', () => {
  it('should use the default preset when no option is given', () => {
    // Dopamine's Impala stack convolutions stay Xavier-uniform under the Rainbow/IQN networks too.
    expect(resolveInitScheme(undefined, 'rainbow')).toEqual({ torso: 'variance-scaling', stack: 'xavier-uniform', residual: 'lecun-normal', head: 'variance-scaling' });
    expect(resolveInitScheme(undefined, 'dqn')).toEqual(INIT_PRESETS.dqn);
  });

  it('should take a preset name or override groups of a preset', () => {
    expect(resolveInitScheme('torch', 'dqn')).toEqual(INIT_PRESETS.torch);
    expect(resolveInitScheme({ head: 'variance-scaling' }, 'dqn')).toEqual({ torso: 'xavier-uniform', stack: 'xavier-uniform', residual: 'lecun-normal', head: 'variance-scaling' });
    expect(resolveInitScheme({ preset: 'rainbow', residual: 'xavier-uniform' }, 'dqn')).toEqual({ torso: 'variance-scaling', stack: 'xavier-uniform', residual: 'xavier-uniform', head: 'variance-scaling' });
    expect(resolveInitScheme({ preset: 'rainbow', stack: 'variance-scaling' }, 'dqn').stack).toBe('variance-scaling');
  });

  it('should reject unknown presets, groups and initialisers naming the field', () => {
    expect(() => resolveInitScheme('glorot', 'dqn')).toThrow(ConfigError);
    expect(() => resolveInitScheme({ dense: 'xavier-uniform' }, 'dqn')).toThrow('init.dense');
    expect(() => resolveInitScheme({ torso: 'zeros' }, 'dqn')).toThrow('init.torso');
    expect(() => resolveInitScheme(3, 'dqn')).toThrow(ConfigError);
  });
});
