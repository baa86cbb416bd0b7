import 'reflect-metadata';
import { Rng, TOKENS, type NetworkFactory, type UpdateHook } from '@prunerl/core';
import { Container } from 'inversify';
import { LayerReset } from '../reset/layer-reset';
import { ReDo } from '../redo/redo';
import { HandBuiltNetworkFactory } from '@prunerl/testing';
import { WeightDecay } from '../weight-decay/weight-decay';
import { plasticityModule } from './plasticity-module';

describe('plasticityModule', () => {
  it('should add one singleton per hook to the UpdateHook multi-binding, in binding order', async () => {
    const container = new Container();
    container.bind(TOKENS.Rng).toConstantValue(Rng.fromSeed(3));
    container.bind<NetworkFactory>(TOKENS.NetworkFactory).toConstantValue(new HandBuiltNetworkFactory([]));
    const earlier: UpdateHook = { name: 'earlier', afterUpdate: () => undefined };
    container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue(earlier);
    await container.load(
      plasticityModule({
        hooks: [
          { name: 'weight-decay', options: { weightDecay: 1e-5 } },
          { name: 'redo', options: { recyclePeriod: 500 } },
          // reinit "network" resolves the container's NetworkFactory.
          { name: 'reset', options: { reinit: 'network' } },
        ],
      }),
    );
    const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook);
    expect(hooks.map((h) => h.name)).toEqual(['earlier', 'weight-decay', 'redo', 'reset']);
    expect(hooks[1]).toBeInstanceOf(WeightDecay);
    expect(hooks[2]).toBeInstanceOf(ReDo);
    expect(hooks[3]).toBeInstanceOf(LayerReset);
    expect(container.getAll<UpdateHook>(TOKENS.UpdateHook)).toEqual(hooks);
  });

  it('should draw hook i from split("hooks").split(i) of the run stream, as the runner', async () => {
    const container = new Container();
    container.bind(TOKENS.Rng).toConstantValue(Rng.fromSeed(3));
    await container.load(plasticityModule({ hooks: [{ name: 'weight-decay' }, { name: 'reset' }] }));
    const reset = container.getAll<UpdateHook>(TOKENS.UpdateHook)[1] as LayerReset;
    expect(reset.state().stream.path).toBe('root/hooks/1/reinit');
  });
});
