import type { Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { RMSPropOptimizer } from './rmsprop-optimizer';

function parameter(values: number[]): Parameter {
  return { name: 'w', variable: tf.variable(tf.tensor(values)), role: 'kernel', layer: 'w' };
}

/** TF's ApplyCenteredRMSProp / ApplyRMSProp in float64. */
function referenceRmsProp(w0: number[], grads: number[][], o: { lr: number; decay: number; momentum: number; eps: number; centered: boolean }): number[] {
  const w = [...w0];
  const ms = w.map(() => 0);
  const mg = w.map(() => 0);
  const mom = w.map(() => 0);
  for (const g of grads) {
    for (let i = 0; i < w.length; i++) {
      ms[i] = o.decay * ms[i]! + (1 - o.decay) * g[i]! * g[i]!;
      mg[i] = o.decay * mg[i]! + (1 - o.decay) * g[i]!;
      const denominator = o.centered ? ms[i]! - mg[i]! * mg[i]! + o.eps : ms[i]! + o.eps;
      mom[i] = o.momentum * mom[i]! + (o.lr * g[i]!) / Math.sqrt(denominator);
      w[i] = w[i]! - mom[i]!;
    }
  }
  return w;
}

const GRADS = [
  [0.1, -2, 0.003],
  [0.2, -1, 0.001],
  [-0.5, 3, 0.002],
];

describe('RMSPropOptimizer', () => {
  afterEach(() => tf.disposeVariables());

  describe('.apply', () => {
    it.each([
      { centered: true, momentum: 0 },
      { centered: true, momentum: 0.9 },
      { centered: false, momentum: 0 },
    ])('should match TensorFlow RMSProp (centered $centered, momentum $momentum)', ({ centered, momentum }) => {
      const p = parameter([1, 2, 3]);
      const optimizer = new RMSPropOptimizer({ learningRate: 2.5e-4, decay: 0.95, epsilon: 0.01, centered, momentum });
      for (const g of GRADS) {
        const t = tf.tensor(g);
        optimizer.apply(new Map([['w', t]]), [p]);
        t.dispose();
      }
      const expected = referenceRmsProp([1, 2, 3], GRADS, { lr: 2.5e-4, decay: 0.95, momentum, eps: 0.01, centered });
      Array.from(p.variable.dataSync()).forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 6));
      expect(optimizer.kind).toBe(centered ? 'rmsprop-centered' : 'rmsprop');
      optimizer.dispose();
    });

    it('should stay finite at MinAtar epsilon 0.01 where tfjs-core centered RMSProp gives NaN', () => {
      const ours = parameter([1]);
      const theirs = tf.variable(tf.tensor([1]));
      const optimizer = new RMSPropOptimizer({ learningRate: 2.5e-4, decay: 0.95, epsilon: 0.01 });
      const tfRms = tf.train.rmsprop(2.5e-4, 0.95, 0, 0.01, true);
      const g = tf.tensor([0.01]);
      optimizer.apply(new Map([['w', g]]), [ours]);
      tfRms.applyGradients([{ name: theirs.name, tensor: g }]);
      expect(Number.isFinite(ours.variable.dataSync()[0])).toBe(true);
      expect(Number.isNaN(theirs.dataSync()[0])).toBe(true);
      g.dispose();
      tfRms.dispose();
      optimizer.dispose();
    });
  });

  describe('.state', () => {
    it('should name the slots of its variant', () => {
      const p = parameter([1]);
      const g = tf.tensor([1]);
      const centered = new RMSPropOptimizer({ momentum: 0.5 });
      centered.apply(new Map([['w', g]]), [p]);
      expect(Object.keys(centered.state().slots).sort()).toEqual(['w/mg', 'w/mom', 'w/ms']);
      const plain = new RMSPropOptimizer({ centered: false });
      plain.apply(new Map([['w', g]]), [p]);
      expect(Object.keys(plain.state().slots)).toEqual(['w/ms']);
      g.dispose();
      centered.dispose();
      plain.dispose();
    });
  });
});
