import { ConfigError, Rng, StateError, type UpdateContext } from '@prunerl/core';
import { createToyParameters, disposeParameters, expectNoTensorLeakSync, HandBuiltNetwork, HandBuiltNetworkFactory, ParameterNetwork, SimpleOptimizer, type HandBuiltLayer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { LayerReset } from './layer-reset';
import { layerGroupsFromOutput, selectResetLayers } from './reset-layers';

const LAYERS: HandBuiltLayer[] = [
  { name: 'torso/conv', kind: 'conv', units: 3 },
  { name: 'torso/dense', kind: 'dense', units: 4 },
  { name: 'head/dense', kind: 'dense', units: 2 },
];
const OBS_SHAPE = [4, 4, 1];
const PERIOD = 10;
const snapshot = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync() as Float32Array);

function context(net: HandBuiltNetwork, optimizer: SimpleOptimizer, step: number): UpdateContext {
  return { step, trainingFraction: undefined, totalUpdates: undefined, parameters: net.parameters(), network: net, optimizer };
}

/** A few Adam steps on random gradients: weights move away from their initialisation, moments fill. */
function train(net: HandBuiltNetwork, optimizer: SimpleOptimizer): void {
  const rng = Rng.fromSeed(9).split('grads');
  for (let t = 0; t < 3; t++) {
    const grads = new Map(net.parameters().map((p) => [p.name, tf.tensor(rng.fillNormal(new Float32Array(p.variable.size)), p.variable.shape)]));
    optimizer.apply(grads, net.parameters());
    tf.dispose([...grads.values()]);
  }
}

describe('LayerReset', () => {
  let factory: HandBuiltNetworkFactory;
  let net: HandBuiltNetwork;
  let optimizer: SimpleOptimizer;
  beforeEach(() => {
    factory = new HandBuiltNetworkFactory(LAYERS);
    net = factory.create({ observationShape: OBS_SHAPE, numActions: 2, seed: 5 });
    factory.seeds.length = 0;
    optimizer = new SimpleOptimizer({ learningRate: 0.05 });
    train(net, optimizer);
  });
  afterEach(() => {
    net.dispose();
    optimizer.dispose();
  });

  describe('.afterUpdate', () => {
    it.each([
      ['last', ['head/dense']],
      ['last+penultimate', ['torso/dense', 'head/dense']],
      ['penultimate', ['torso/dense']],
    ] as const)('should restore the %s layer(s) to a fresh initialisation, zero their moments and leave the others bit for bit', (layers, reset) => {
      const hook = new LayerReset({ resetPeriod: PERIOD, layers, reinit: 'network', networkFactory: factory, seed: 2 });
      const before = new Map(net.parameters().map((p) => [p.name, snapshot(p.variable)]));
      const moments = new Map(net.parameters().map((p) => [p.name, [snapshot(optimizer.slot(p.name, 'm')!), snapshot(optimizer.slot(p.name, 'v')!)]]));

      expectNoTensorLeakSync(() => hook.afterUpdate(context(net, optimizer, PERIOD + 1)), { label: 'LayerReset.afterUpdate' });

      expect(hook.layers()).toEqual(reset);
      expect(factory.seeds).toHaveLength(1);
      const fresh = factory.create({ observationShape: OBS_SHAPE, numActions: 2, seed: factory.seeds[0]! });
      for (const p of net.parameters()) {
        const after = snapshot(p.variable);
        if ((reset as readonly string[]).includes(p.layer)) {
          expect(after).toEqual(snapshot(fresh.parameter(p.name)));
          expect(after).not.toEqual(before.get(p.name));
          for (const slot of ['m', 'v'] as const) expect([...snapshot(optimizer.slot(p.name, slot)!)].every((x) => x === 0)).toBe(true);
        } else {
          expect(after).toEqual(before.get(p.name));
          expect([snapshot(optimizer.slot(p.name, 'm')!), snapshot(optimizer.slot(p.name, 'v')!)]).toEqual(moments.get(p.name));
        }
      }
      expect(hook.metrics()).toEqual({ resets: 1 });
      fresh.dispose();
    });

    it('should draw xavier-uniform kernels and zero biases by default, as the reference', () => {
      const hook = new LayerReset({ resetPeriod: PERIOD, seed: 2 });
      hook.afterUpdate(context(net, optimizer, PERIOD + 1));
      const kernel = snapshot(net.parameter('head/dense/kernel'));
      const limit = Math.sqrt(6 / (4 + 2));
      expect(kernel.every((x) => Math.abs(x) <= limit)).toBe(true);
      expect(new Set(kernel).size).toBe(kernel.length);
      expect([...snapshot(net.parameter('head/dense/bias'))]).toEqual([0, 0]);
    });

    it('should reset only after updates u > 0 that are multiples of the period, before endStep', () => {
      const hook = new LayerReset({ resetPeriod: PERIOD, endStep: 35, seed: 2 });
      const fired: number[] = [];
      for (let step = 1; step <= 45; step++) {
        const before = hook.metrics().resets;
        hook.afterUpdate(context(net, optimizer, step));
        if (hook.metrics().resets > before) fired.push(step - 1);
      }
      expect(fired).toEqual([10, 20, 30]);
    });

    it('should continue the same draws after state() and restore()', () => {
      const a = new LayerReset({ resetPeriod: PERIOD, seed: 2 });
      a.afterUpdate(context(net, optimizer, PERIOD + 1));
      const b = new LayerReset({ resetPeriod: PERIOD, seed: 2 });
      b.restore(JSON.parse(JSON.stringify(a.state())));
      a.afterUpdate(context(net, optimizer, 2 * PERIOD + 1));
      const first = snapshot(net.parameter('head/dense/kernel'));
      b.afterUpdate(context(net, optimizer, 2 * PERIOD + 1));
      expect(snapshot(net.parameter('head/dense/kernel'))).toEqual(first);
      expect(b.metrics()).toEqual({ resets: 2 });
      expect(() => b.restore({ version: 1, name: 'redo' })).toThrow(StateError);
    });

    it('should refuse, at the first update, layers xavier-uniform cannot re-initialise', () => {
      const noisy = createToyParameters([
        { name: 'head/dense/kernel', shape: [4, 2] },
        { name: 'head/dense/sigma-kernel', shape: [4, 2], role: 'noise-sigma-kernel' },
      ]);
      const hook = new LayerReset({ resetPeriod: PERIOD });
      const ctx: UpdateContext = { step: 1, trainingFraction: undefined, totalUpdates: undefined, parameters: noisy, network: new ParameterNetwork(noisy), optimizer };
      expect(() => hook.afterUpdate(ctx)).toThrow(/reset\.reinit: expected "network" to re-initialise head\/dense\/sigma-kernel \(role "noise-sigma-kernel"\)/);
      disposeParameters(noisy);
    });
  });
});

describe('selectResetLayers', () => {
  const specs = [
    { name: 'torso/dense1/kernel', shape: [5, 8] },
    { name: 'torso/dense1/bias', shape: [8] },
    { name: 'torso/dense2/kernel', shape: [8, 8] },
    { name: 'head/advantage/kernel', shape: [8, 3] },
    { name: 'head/value/kernel', shape: [8, 1] },
  ];
  let params: ReturnType<typeof createToyParameters>;
  beforeAll(() => {
    params = createToyParameters(specs);
  });
  afterAll(() => disposeParameters(params));

  it('should group side-by-side output streams into one layer, from the output backwards', () => {
    expect(layerGroupsFromOutput(params)).toEqual([['head/advantage', 'head/value'], ['torso/dense2'], ['torso/dense1']]);
    expect(selectResetLayers('last', params, 'f')).toEqual(['head/advantage', 'head/value']);
    expect(selectResetLayers('penultimate', params, 'f')).toEqual(['torso/dense2']);
    expect(selectResetLayers(3, params, 'f')).toEqual(['torso/dense1', 'torso/dense2', 'head/advantage', 'head/value']);
    expect(selectResetLayers(['torso/dense1'], params, 'f')).toEqual(['torso/dense1']);
  });

  it('should refuse selections that do not fit the network', () => {
    expect(() => selectResetLayers(4, params, 'reset.layers')).toThrow('reset.layers: expected at most 3 layers (the network\'s depth), got 4.');
    expect(() => selectResetLayers(['torso/dense9'], params, 'reset.layers')).toThrow(/reset\.layers\[0\]: expected a layer of the network/);
    expect(() => selectResetLayers('first', params, 'reset.layers')).toThrow(ConfigError);
    expect(() => selectResetLayers(0, params, 'reset.layers')).toThrow(/positive integer/);
  });
});
