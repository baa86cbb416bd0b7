import { Rng, updateHooks, type ReplayBuffer } from '@prunerl/core';
import { LayerReset } from '../reset/layer-reset';
import { ReDo } from '../redo/redo';
import { HandBuiltNetworkFactory } from '@prunerl/testing';
import { WeightDecay } from '../weight-decay/weight-decay';
import { PLASTICITY_REGISTRATIONS, registerPlasticityHooks } from './register-plasticity-hooks';

describe('registerPlasticityHooks', () => {
  it('should register redo, reset and weight-decay in core\'s update-hook registry, idempotently', () => {
    expect(registerPlasticityHooks()).toEqual(['redo', 'reset', 'weight-decay']);
    expect(registerPlasticityHooks()).toEqual(['redo', 'reset', 'weight-decay']);
    for (const { name, description } of PLASTICITY_REGISTRATIONS) {
      expect(updateHooks.has(name)).toBe(true);
      expect(updateHooks.list().find((e) => e.name === name)!.description).toBe(description);
    }
  });

  it('should build each hook from plain options and the factory context', () => {
    registerPlasticityHooks();
    const rng = Rng.fromSeed(1).split('hooks').split(0);
    const replay = { canSample: () => false, sample: () => undefined } as unknown as ReplayBuffer;
    const networkFactory = new HandBuiltNetworkFactory([]);
    const redo = updateHooks.get('redo')({ tau: 0.025, recyclePeriod: 1000, reinit: 'network' }, { rng, replay, networkFactory });
    expect(redo).toBeInstanceOf(ReDo);
    expect((redo as ReDo).tau).toBe(0.025);
    expect((redo as ReDo).schedule.period).toBe(1000);
    const reset = updateHooks.get('reset')({ resetPeriod: 20_000, layers: 'penultimate' }, { rng });
    expect(reset).toBeInstanceOf(LayerReset);
    expect((reset as LayerReset).schedule.period).toBe(20_000);
    const decay = updateHooks.get('weight-decay')({ weightDecay: 1e-4 }, { rng });
    expect(decay).toBeInstanceOf(WeightDecay);
    expect((decay as WeightDecay).weightDecay).toBe(1e-4);
  });

  it('should reject unknown options and reinit "network" without a factory, naming the field', () => {
    registerPlasticityHooks();
    const rng = Rng.fromSeed(1);
    expect(() => updateHooks.get('redo')({ threshold: 0.1 }, { rng })).toThrow(/redo options\.threshold: expected one of the known options/);
    expect(() => updateHooks.get('reset')({ reinit: 'network' }, { rng })).toThrow(/reset\.networkFactory/);
    expect(() => updateHooks.get('weight-decay')({ decay: 1 }, { rng })).toThrow(/weight-decay options\.decay/);
  });
});
