import { ConfigError, Rng, StateError, type Batch, type ReplayBuffer, type UpdateContext } from '@prunerl/core';
import { expectNoTensorLeakSync, HandBuiltNetwork, HandBuiltNetworkFactory, SimpleOptimizer, type HandBuiltLayer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { dormantScores } from './dormant-scores';
import { ReDo } from './redo';

// observation 4x4x1 -> conv 3 maps (3x3 valid, 2x2x3 = 12 features) -> dense 4 -> head 2.
const LAYERS: HandBuiltLayer[] = [
  { name: 'torso/conv', kind: 'conv', units: 3 },
  { name: 'torso/dense', kind: 'dense', units: 4 },
  { name: 'head/dense', kind: 'dense', units: 2 },
];
const OBS_SHAPE = [4, 4, 1];
const PERIOD = 10;

/** Sets `variable[i] = value(i, row, column)` for a kernel laid out [..., rows, columns]. */
function fill(variable: tf.Variable, value: (index: number, row: number, column: number, old: number) => number): void {
  const shape = variable.shape;
  const columns = shape[shape.length - 1]!;
  const rows = shape.length >= 2 ? shape[shape.length - 2]! : 1;
  const values = Float32Array.from(variable.dataSync() as Float32Array);
  for (let i = 0; i < values.length; i++) values[i] = value(i, Math.floor(i / columns) % rows, i % columns, values[i]!);
  tf.tidy(() => variable.assign(tf.tensor(values, shape)));
}

/**
 * The network with known dormant neurons on inputs in [0, 1): conv map 1 and dense unit 2 are dead
 * (negative weights and bias: ReLU output 0), dense unit 0 is almost silent (weights 1e-3, score far
 * below 0.1 but not 0); every other neuron has positive weights and bias.
 */
function dormantNetwork(): HandBuiltNetwork {
  const net = new HandBuiltNetwork(OBS_SHAPE, LAYERS, 3);
  fill(net.parameter('torso/conv/kernel'), (i, _row, map) => (map === 1 ? -0.5 : 0.2 + 0.01 * (i % 5)));
  fill(net.parameter('torso/conv/bias'), (_i, _row, map) => (map === 1 ? -1 : 0.1));
  fill(net.parameter('torso/dense/kernel'), (i, _row, unit) => (unit === 2 ? -0.3 : unit === 0 ? 1e-3 : 0.1 + 0.02 * (i % 3)));
  fill(net.parameter('torso/dense/bias'), (_i, _row, unit) => (unit === 2 ? -2 : unit === 0 ? 0 : 0.05));
  return net;
}

function observations(count: number, seed = 1): Float32Array {
  return Rng.fromSeed(seed).split('obs').fillUniform(new Float32Array(count * 16));
}

/** A replay buffer stand-in that serves the same states and records the batch sizes asked for. */
function stubReplay(states: Float32Array): ReplayBuffer & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    capacity: 1000,
    size: 1000,
    prioritized: false,
    canSample: () => true,
    sample: (batchSize: number): Batch => {
      asked.push(batchSize);
      return { batchSize, observationShape: OBS_SHAPE, observationDtype: 'float32', observations: states.subarray(0, batchSize * 16) } as unknown as Batch;
    },
    add: () => undefined,
    updatePriorities: () => undefined,
    state: () => (async function* () {})(),
    restore: async () => undefined,
  };
}

function context(net: HandBuiltNetwork, optimizer: SimpleOptimizer, step: number, obs?: tf.Tensor): UpdateContext {
  return { step, trainingFraction: undefined, totalUpdates: undefined, parameters: net.parameters(), network: net, optimizer, ...(obs ? { observations: obs } : {}) };
}

/** Three Adam steps on random gradients, so every moment is non-zero before recycling. */
function warmUp(net: HandBuiltNetwork, optimizer: SimpleOptimizer): void {
  const rng = Rng.fromSeed(9).split('grads');
  for (let t = 0; t < 3; t++) {
    const grads = new Map(net.parameters().map((p) => [p.name, tf.tensor(rng.fillNormal(new Float32Array(p.variable.size)), p.variable.shape)]));
    optimizer.apply(grads, net.parameters());
    tf.dispose([...grads.values()]);
  }
}

const snapshot = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync() as Float32Array);

describe('ReDo', () => {
  let net: HandBuiltNetwork;
  let optimizer: SimpleOptimizer;
  beforeEach(() => {
    net = dormantNetwork();
    optimizer = new SimpleOptimizer({ learningRate: 1e-3 });
    warmUp(net, optimizer);
  });
  afterEach(() => {
    net.dispose();
    optimizer.dispose();
  });

  describe('.afterUpdate', () => {
    it('should change exactly the known dormant neurons\' weights and moments', () => {
      const replay = stubReplay(observations(256));
      const redo = new ReDo({ recyclePeriod: PERIOD, replay, seed: 4 });
      const before = new Map(net.parameters().map((p) => [p.name, snapshot(p.variable)]));
      const slotsBefore = new Map(net.parameters().flatMap((p) => (['m', 'v'] as const).map((s) => [`${p.name}/${s}`, snapshot(optimizer.slot(p.name, s)!)])));

      expectNoTensorLeakSync(() => redo.afterUpdate(context(net, optimizer, PERIOD + 1)), { label: 'ReDo.afterUpdate' });

      expect(replay.asked).toEqual([256]);
      const event = redo.lastEvent()!;
      expect(event.batchSize).toBe(256);
      expect(Object.fromEntries(event.recycled)).toEqual({ 'torso/conv': [1], 'torso/dense': [0, 2] });
      expect(redo.recyclingPlan()).toEqual([
        { layer: 'torso/conv', next: ['torso/dense'] },
        { layer: 'torso/dense', next: ['head/dense'] },
      ]);

      // Which entries should change: incoming columns, biases and outgoing rows of the dormant neurons.
      // The conv feeds the dense layer through the channels-last flatten: row r is map r mod 3.
      const expectChanged: Record<string, (row: number, column: number) => 'reinit' | 'zero' | 'same'> = {
        'torso/conv/kernel': (_r, c) => (c === 1 ? 'reinit' : 'same'),
        'torso/conv/bias': (_r, c) => (c === 1 ? 'zero' : 'same'),
        'torso/dense/kernel': (r, c) => (r % 3 === 1 ? 'zero' : c === 0 || c === 2 ? 'reinit' : 'same'),
        'torso/dense/bias': (_r, c) => (c === 0 || c === 2 ? 'zero' : 'same'),
        'head/dense/kernel': (r) => (r === 0 || r === 2 ? 'zero' : 'same'),
        'head/dense/bias': () => 'same',
      };
      const limits: Record<string, number> = { 'torso/conv/kernel': Math.sqrt(6 / (9 + 27)), 'torso/dense/kernel': Math.sqrt(6 / (12 + 4)) };
      for (const p of net.parameters()) {
        const after = snapshot(p.variable);
        const old = before.get(p.name)!;
        const m = snapshot(optimizer.slot(p.name, 'm')!);
        const v = snapshot(optimizer.slot(p.name, 'v')!);
        const columns = p.variable.shape[p.variable.rank - 1]!;
        const rows = p.variable.rank >= 2 ? p.variable.shape[p.variable.rank - 2]! : 1;
        let reinitialised = 0;
        for (let i = 0; i < after.length; i++) {
          const kind = expectChanged[p.name]!(Math.floor(i / columns) % rows, i % columns);
          const where = `${p.name}[${i}]`;
          if (kind === 'same') {
            expect([where, after[i]]).toEqual([where, old[i]]);
            expect([where, m[i], v[i]]).toEqual([where, slotsBefore.get(`${p.name}/m`)![i], slotsBefore.get(`${p.name}/v`)![i]]);
          } else {
            // == 0: the optimiser's masked reset m·(1 - mask) may leave -0.
            expect([where, m[i] === 0 && v[i] === 0]).toEqual([where, true]);
            if (kind === 'zero') expect([where, after[i]]).toEqual([where, 0]);
            else {
              expect(after[i]).not.toBe(old[i]);
              expect(Math.abs(after[i]!)).toBeLessThanOrEqual(limits[p.name]!);
              reinitialised++;
            }
          }
        }
        if (p.name === 'torso/conv/kernel') expect(reinitialised).toBe(9);
        if (p.name === 'torso/dense/kernel') expect(reinitialised).toBe(2 * 8);
      }
      expect(redo.metrics()).toEqual({ dormant_fraction: 3 / 7, recycled: 3, recycled_total: 3, events: 1, scored_states: 256 });
    });

    it('should score neurons as mean |h| over batch and space, normalised by the layer mean', () => {
      const redo = new ReDo({ recyclePeriod: PERIOD, tau: 0, seed: 4 });
      const obs = tf.tensor(observations(8), [8, ...OBS_SHAPE]);
      const expected = new Map<string, Float32Array>();
      const acts = net.activations(obs);
      for (const [layer, a] of acts) {
        const values = a.dataSync() as Float32Array;
        const units = a.shape[a.rank - 1]!;
        const mean = new Float64Array(units);
        for (let i = 0; i < values.length; i++) mean[i % units] += Math.abs(values[i]!) / (values.length / units);
        const layerMean = mean.reduce((x, y) => x + y, 0) / units;
        expected.set(layer, Float32Array.from(mean, (s) => s / (layerMean + 1e-9)));
      }
      tf.dispose([...acts.values()]);
      redo.afterUpdate(context(net, optimizer, PERIOD + 1, obs));
      const event = redo.lastEvent()!;
      expect(event.batchSize).toBe(8);
      for (const [layer, scores] of event.scores) {
        const want = expected.get(layer)!;
        scores.forEach((s, i) => expect(s).toBeCloseTo(want[i]!, 5));
      }
      // With tau = 0 only the exactly silent neurons go; the almost silent dense unit 0 stays.
      expect(Object.fromEntries(event.recycled)).toEqual({ 'torso/conv': [1], 'torso/dense': [2] });
      obs.dispose();
    });

    it('should recycle only after updates u > 0 that are multiples of the period, within [startStep, endStep)', () => {
      const obs = tf.tensor(observations(8), [8, ...OBS_SHAPE]);
      const redo = new ReDo({ recyclePeriod: PERIOD, startStep: 20, endStep: 40, seed: 4 });
      const fired: number[] = [];
      for (let step = 1; step <= 50; step++) {
        const before = redo.metrics().events;
        redo.afterUpdate(context(net, optimizer, step, obs));
        if (redo.metrics().events > before) fired.push(step - 1);
      }
      expect(fired).toEqual([20, 30]);
      obs.dispose();
    });

    it('should take incoming weights from a fresh network of the run\'s factory with reinit "network"', () => {
      const factory = new HandBuiltNetworkFactory(LAYERS);
      const redo = new ReDo({ recyclePeriod: PERIOD, reinit: 'network', networkFactory: factory, replay: stubReplay(observations(256)), seed: 4 });
      redo.afterUpdate(context(net, optimizer, PERIOD + 1));
      expect(factory.seeds).toHaveLength(1);
      const fresh = factory.create({ observationShape: OBS_SHAPE, numActions: 2, seed: factory.seeds[0]! });
      const conv = snapshot(net.parameter('torso/conv/kernel'));
      const freshConv = snapshot(fresh.parameter('torso/conv/kernel'));
      for (let i = 1; i < conv.length; i += 3) expect(conv[i]).toBe(freshConv[i]);
      // A fresh bias is the fixture's own initialisation (non-zero), not the xavier mode's zero.
      expect(snapshot(net.parameter('torso/conv/bias'))[1]).toBe(snapshot(fresh.parameter('torso/conv/bias'))[1]);
      fresh.dispose();
    });

    it('should continue identically after state() and restore()', () => {
      const replay = stubReplay(observations(256));
      const first = new ReDo({ recyclePeriod: PERIOD, replay, seed: 4 });
      first.afterUpdate(context(net, optimizer, PERIOD + 1));
      const saved = JSON.parse(JSON.stringify(first.state()));
      // A second run at the same point: same weights and moments, a hook restored from the state.
      const netB = dormantNetwork();
      netB.copyFrom(net);
      const optB = new SimpleOptimizer({ learningRate: 1e-3 });
      optB.restore(optimizer.state(), netB.parameters());
      // Make more neurons dormant in both, so the second event recycles (and draws) again.
      for (const n of [net, netB]) fill(n.parameter('torso/dense/kernel'), (_i, _r, unit, old) => (unit === 3 ? -Math.abs(old) : old));
      for (const n of [net, netB]) fill(n.parameter('torso/dense/bias'), (_i, _r, unit, old) => (unit === 3 ? -1 : old));
      const second = new ReDo({ recyclePeriod: PERIOD, replay, seed: 4 });
      second.restore(saved);
      expect(second.metrics()).toEqual(first.metrics());
      first.afterUpdate(context(net, optimizer, 2 * PERIOD + 1));
      second.afterUpdate(context(netB, optB, 2 * PERIOD + 1));
      expect(second.lastEvent()!.recycled.get('torso/dense')).toContain(3);
      for (const p of net.parameters()) expect(snapshot(netB.parameter(p.name))).toEqual(snapshot(p.variable));
      expect(() => second.restore({ ...saved, name: 'other' })).toThrow(StateError);
      netB.dispose();
      optB.dispose();
    });
  });

  describe('options', () => {
    it('should refuse bad options with the field named', () => {
      expect(() => new ReDo({ tau: 1.5 })).toThrow('redo.tau: expected a finite number in [0, 1], got 1.5.');
      expect(() => new ReDo({ recyclePeriod: 0 })).toThrow(ConfigError);
      expect(() => new ReDo({ reinit: 'network' })).toThrow(/redo\.networkFactory: expected the NetworkFactory of the run/);
      expect(() => new ReDo({ tua: 0.1 } as never)).toThrow(/redo options\.tua/);
    });

    it('should fail at the first update when the network has nothing to recycle, or no data', () => {
      const linear = new HandBuiltNetwork(OBS_SHAPE, [{ name: 'head/dense', kind: 'dense', units: 2 }]);
      const obs = tf.tensor(observations(4), [4, ...OBS_SHAPE]);
      const redo = new ReDo({ recyclePeriod: PERIOD });
      expect(() => redo.afterUpdate(context(linear, optimizer, 1, obs))).toThrow(/redo\.layers: expected a network with hidden layers/);
      expect(() => new ReDo({ recyclePeriod: PERIOD }).afterUpdate(context(net, optimizer, PERIOD + 1))).toThrow(StateError);
      expect(() => new ReDo({ recyclePeriod: PERIOD, layers: [{ layer: 'torso/dense', next: ['torso/conv'] }] }).afterUpdate(context(net, optimizer, 1, obs))).toThrow(
        /redo\.layers\[0\]\.next\[0\]: expected a layer whose input axis reads the 4 outputs of torso\/dense/,
      );
      obs.dispose();
      linear.dispose();
    });
  });
});

describe('dormantScores', () => {
  it('should give every neuron of a silent layer score 0 (the 1e-9 in the denominator)', () => {
    const scores = tf.tidy(() => dormantScores(tf.zeros([4, 3])));
    expect([...scores]).toEqual([0, 0, 0]);
  });

  it('should average conv feature maps over batch and space', () => {
    // Two maps: |h| means 1 and 3, layer mean 2: scores 0.5 and 1.5.
    const scores = tf.tidy(() => dormantScores(tf.tensor4d([1, -3, 1, 3, -1, 3, 1, 3], [2, 2, 1, 2])));
    expect(scores[0]).toBeCloseTo(0.5, 6);
    expect(scores[1]).toBeCloseTo(1.5, 6);
  });
});
