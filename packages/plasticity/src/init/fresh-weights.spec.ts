import { ConfigError, Rng, StateError } from '@prunerl/core';
import { createToyParameters, disposeParameters, HandBuiltNetwork, HandBuiltNetworkFactory } from '@prunerl/testing';
import { FreshWeights } from './fresh-weights';

describe('FreshWeights', () => {
  it('should give a fresh network\'s values in network mode, and free that network', () => {
    const layers = [{ name: 'a', kind: 'dense', units: 3 } as const, { name: 'b', kind: 'dense', units: 2 } as const];
    const factory = new HandBuiltNetworkFactory(layers);
    const net = factory.create({ observationShape: [4], numActions: 2, seed: 1 });
    const fresh = new FreshWeights('network', factory, 'reset');
    const values = fresh.draw(net.parameters().slice(2), net, Rng.fromSeed(5));
    const twin = new HandBuiltNetwork([4], layers, factory.seeds[1]);
    expect([...values.keys()]).toEqual(['b/kernel', 'b/bias']);
    expect(values.get('b/kernel')).toEqual(Float32Array.from(twin.parameter('b/kernel').dataSync()));
    expect(values.get('b/bias')).toEqual(Float32Array.from(twin.parameter('b/bias').dataSync()));
    twin.dispose();
    // A factory of another architecture is caught.
    const other = new FreshWeights('network', new HandBuiltNetworkFactory([{ name: 'a', kind: 'dense', units: 5 }]), 'reset');
    expect(() => other.draw(net.parameters(), net, Rng.fromSeed(5))).toThrow(StateError);
    net.dispose();
  });

  it('should know kernels and biases only in xavier-uniform mode', () => {
    const params = createToyParameters([{ name: 'x/scale', shape: [3], role: 'norm-scale' }]);
    expect(() => new FreshWeights('xavier-uniform', undefined, 'redo').check(params)).toThrow(ConfigError);
    expect(() => new FreshWeights('he', undefined, 'redo')).toThrow(/redo\.reinit: expected one of "xavier-uniform", "network"/);
    disposeParameters(params);
  });
});
