import { StateError, type Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SimpleOptimizer } from './simple-optimizer';
import { createToyParameters, disposeParameters } from './toy-parameters';

describe('SimpleOptimizer', () => {
  beforeAll(async () => {
    tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
    await tf.setBackend('cpu');
  });
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters([{ name: 'l/kernel', shape: [4, 3] }, { name: 'l/bias', shape: [3] }], { seed: 1 });
  });
  afterEach(() => disposeParameters(parameters));
  const gradients = (scale: number): Map<string, tf.Tensor> => new Map(parameters.map((p) => [p.name, tf.mul(tf.onesLike(p.variable), scale)]));

  describe('.apply', () => {
    it('should match tf.train.adam step for step', () => {
      const mine = new SimpleOptimizer({ kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
      const twin = parameters.map((p) => tf.variable(tf.clone(p.variable)));
      const reference = tf.train.adam(0.1, 0.9, 0.999, 1e-7);
      for (const scale of [1, -0.5, 2]) {
        const g = gradients(scale);
        mine.apply(g, parameters);
        reference.applyGradients(twin.map((v, i) => ({ name: v.name, tensor: g.get(parameters[i]!.name)! })));
        tf.dispose([...g.values()]);
      }
      parameters.forEach((p, i) => {
        const a = p.variable.dataSync();
        const b = twin[i]!.dataSync();
        a.forEach((v, j) => expect(v).toBeCloseTo(b[j]!, 5));
      });
      expect(mine.iterations).toBe(3);
      reference.dispose();
      tf.dispose(twin);
      mine.dispose();
    });

    it('should do plain SGD and leave parameters without gradients alone', () => {
      const sgd = new SimpleOptimizer({ kind: 'sgd', learningRate: 0.5 });
      const before = Array.from(parameters[1]!.variable.dataSync());
      const kernel = Array.from(parameters[0]!.variable.dataSync());
      const g = new Map([['l/kernel', tf.onesLike(parameters[0]!.variable)]]);
      sgd.apply(g, parameters);
      tf.dispose([...g.values()]);
      expect(Array.from(parameters[0]!.variable.dataSync())).toEqual(kernel.map((v) => Math.fround(v - 0.5)));
      expect(Array.from(parameters[1]!.variable.dataSync())).toEqual(before);
    });
  });

  describe('.resetSlots', () => {
    it('should zero the moments where the mask is 1, or entirely', () => {
      const adam = new SimpleOptimizer();
      const g = gradients(1);
      adam.apply(g, parameters);
      tf.dispose([...g.values()]);
      const mask = tf.tensor([[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 1]]);
      adam.resetSlots('l/kernel', mask);
      const m = Array.from(adam.slot('l/kernel', 'm')!.dataSync());
      expect(m.map((v) => v === 0)).toEqual([true, false, false, false, false, false, false, false, false, false, false, true]);
      adam.resetSlots('l/bias');
      expect(Array.from(adam.slot('l/bias', 'v')!.dataSync())).toEqual([0, 0, 0]);
      adam.resetSlots('unknown');
      mask.dispose();
      adam.dispose();
    });
  });

  describe('.restore', () => {
    it('should continue from its state and refuse foreign states', () => {
      const a = new SimpleOptimizer();
      const g = gradients(1);
      a.apply(g, parameters);
      const b = new SimpleOptimizer();
      b.restore(a.state(), parameters);
      expect(b.iterations).toBe(1);
      expect(Array.from(b.slot('l/kernel', 'v')!.dataSync())).toEqual(Array.from(a.slot('l/kernel', 'v')!.dataSync()));
      expect(() => b.restore({ kind: 'sgd', iterations: 0, slots: {} }, parameters)).toThrow(StateError);
      tf.dispose([...g.values()]);
      a.dispose();
      b.dispose();
    });
  });
});
