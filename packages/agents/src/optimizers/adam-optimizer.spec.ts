import { ConfigError, FUSED_ADAM_KERNEL, ShapeError, StateError, type Parameter } from '@prunerl/core';
import { expectNoTensorLeakSync } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { AdamOptimizer } from './adam-optimizer';

function parameter(name: string, values: number[], shape: number[]): Parameter {
  return { name, variable: tf.variable(tf.tensor(values, shape)), role: 'kernel', layer: name };
}

/** optax.adam in float64, one parameter vector, for several steps. */
function referenceAdam(w0: number[], grads: number[][], lr: number, b1: number, b2: number, eps: number): number[] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  grads.forEach((g, step) => {
    const t = step + 1;
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
      const mHat = m[i]! / (1 - Math.pow(b1, t));
      const vHat = v[i]! / (1 - Math.pow(b2, t));
      w[i] = w[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  });
  return w;
}

describe('AdamOptimizer', () => {
  afterEach(() => tf.disposeVariables());

  describe('.apply', () => {
    it('should follow optax/PyTorch Adam with the explicit epsilon', () => {
      const w0 = [0.5, -1, 2, 0];
      const grads = [
        [0.1, -0.2, 3, 0],
        [-0.3, 0.01, 2, 1e-6],
        [1, 1, -1, 0],
        [0.5, -0.5, 0.25, 2],
      ];
      const p = parameter('w', w0, [2, 2]);
      const optimizer = new AdamOptimizer({ learningRate: 0.01, epsilon: 1.5e-4 });
      for (const g of grads) {
        const gradient = tf.tensor(g, [2, 2]);
        optimizer.apply(new Map([['w', gradient]]), [p]);
        gradient.dispose();
      }
      const expected = referenceAdam(w0, grads, 0.01, 0.9, 0.999, 1.5e-4);
      const actual = Array.from(p.variable.dataSync());
      actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 6));
      expect(optimizer.iterations).toBe(4);
      optimizer.dispose();
    });

    it('should give the same bits through the fused kernel as op by op', () => {
      // The test backend (wasm with @prunerl/backend's kernels) registers the fused kernel; running
      // the same steps with it unregistered takes the 12-op path.
      const fusedKernel = tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend());
      expect(fusedKernel).toBeDefined();
      const size = 64 * 33;
      const w0 = Array.from({ length: size }, (_, i) => Math.sin(i * 0.37));
      const run = (): { w: Float32Array; m: Float32Array } => {
        const p = parameter('w', w0, [64, 33]);
        const optimizer = new AdamOptimizer({ learningRate: 0.003, epsilon: 1.5e-4 });
        for (let step = 0; step < 5; step++) {
          const gradient = tf.tensor(Array.from({ length: size }, (_, i) => Math.cos(i * 1.3 + step) * (1 + step)), [64, 33]);
          optimizer.apply(new Map([['w', gradient]]), [p]);
          gradient.dispose();
        }
        const m = Float32Array.from(optimizer.state().slots['w/m']!.values);
        const result = { w: p.variable.dataSync() as Float32Array, m };
        optimizer.dispose();
        return result;
      };
      const fused = run();
      tf.unregisterKernel(FUSED_ADAM_KERNEL, tf.getBackend());
      let unfused: { w: Float32Array; m: Float32Array };
      try {
        unfused = run();
      } finally {
        tf.registerKernel(fusedKernel!);
      }
      expect(Array.from(fused.w)).toEqual(Array.from(unfused.w));
      expect(Array.from(fused.m)).toEqual(Array.from(unfused.m));
      expect(Array.from(fused.w)).not.toEqual(Array.from(Float32Array.from(w0)));
    });

    it('should agree with tfjs Adam given the same epsilon, and not with its default epsilon', () => {
      // With a tiny gradient the epsilon dominates the first step: tfjs falls back to 1e-7.
      const ours = parameter('w', [0, 0.5], [2]);
      const same = tf.variable(tf.tensor([0, 0.5]));
      const fallback = tf.variable(tf.tensor([0, 0.5]));
      const g = tf.tensor([1e-4, -0.3]);
      const optimizer = new AdamOptimizer({ learningRate: 1, epsilon: 1e-3 });
      const tfSame = tf.train.adam(1, 0.9, 0.999, 1e-3);
      const tfDefault = tf.train.adam(1, 0.9, 0.999);
      for (let i = 0; i < 3; i++) {
        optimizer.apply(new Map([['w', g]]), [ours]);
        tfSame.applyGradients([{ name: same.name, tensor: g }]);
        tfDefault.applyGradients([{ name: fallback.name, tensor: g }]);
      }
      Array.from(same.dataSync()).forEach((v, i) => expect(ours.variable.dataSync()[i]).toBeCloseTo(v, 3));
      expect(Math.abs(fallback.dataSync()[0]! - ours.variable.dataSync()[0]!)).toBeGreaterThan(1);
      g.dispose();
      tfSame.dispose();
      tfDefault.dispose();
      optimizer.dispose();
    });

    it('should leave parameters without a gradient unchanged', () => {
      const a = parameter('a', [1, 2], [2]);
      const b = parameter('b', [3, 4], [2]);
      const optimizer = new AdamOptimizer({ learningRate: 0.1 });
      const g = tf.tensor([1, 1]);
      optimizer.apply(new Map([['a', g]]), [a, b]);
      expect(Array.from(b.variable.dataSync())).toEqual([3, 4]);
      expect(a.variable.dataSync()[0]).toBeCloseTo(1 - 0.1 / (1 + 1.5e-4), 6);
      g.dispose();
      optimizer.dispose();
    });

    it('should reject a gradient of the wrong shape before changing anything', () => {
      const a = parameter('a', [1, 2], [2]);
      const optimizer = new AdamOptimizer();
      const g = tf.tensor([1, 1, 1]);
      expect(() => optimizer.apply(new Map([['a', g]]), [a])).toThrow(ShapeError);
      expect(optimizer.iterations).toBe(0);
      g.dispose();
      optimizer.dispose();
    });

    it('should not leak tensors after the slots exist', () => {
      const a = parameter('a', [1, 2, 3, 4], [2, 2]);
      const optimizer = new AdamOptimizer();
      const g = tf.ones([2, 2]);
      optimizer.apply(new Map([['a', g]]), [a]);
      expectNoTensorLeakSync(() => {
        for (let i = 0; i < 20; i++) optimizer.apply(new Map([['a', g]]), [a]);
      });
      g.dispose();
      optimizer.dispose();
    });
  });

  describe('.resetSlots', () => {
    it('should zero the moments where the mask is 1 only', () => {
      const a = parameter('a', [1, 2, 3, 4], [4]);
      const optimizer = new AdamOptimizer();
      const g = tf.tensor([1, 2, 3, 4]);
      optimizer.apply(new Map([['a', g]]), [a]);
      const mask = tf.tensor([1, 0, 1, 0]);
      optimizer.resetSlots('a', mask);
      const { slots } = optimizer.state();
      expect(Array.from(slots['a/m']!.values)).toEqual([0, expect.closeTo(0.2, 6), 0, expect.closeTo(0.4, 6)]);
      expect(slots['a/v']!.values[0]).toBe(0);
      expect(slots['a/v']!.values[1]).toBeCloseTo(0.004, 6);
      optimizer.resetSlots('a');
      expect(Array.from(optimizer.state().slots['a/v']!.values)).toEqual([0, 0, 0, 0]);
      optimizer.resetSlots('unknown');
      g.dispose();
      mask.dispose();
      optimizer.dispose();
    });
  });

  describe('.restore', () => {
    it('should continue exactly where the saved optimizer was', () => {
      const a = parameter('a', [0.3, -0.7], [2]);
      const first = new AdamOptimizer({ learningRate: 0.05 });
      const g1 = tf.tensor([0.5, -1]);
      const g2 = tf.tensor([-0.25, 2]);
      first.apply(new Map([['a', g1]]), [a]);
      const saved = first.state();
      const weights = Array.from(a.variable.dataSync());
      first.apply(new Map([['a', g2]]), [a]);
      const expected = Array.from(a.variable.dataSync());

      a.variable.assign(tf.tensor(weights));
      const second = new AdamOptimizer({ learningRate: 0.05 });
      second.restore(saved, [a]);
      second.apply(new Map([['a', g2]]), [a]);
      expect(Array.from(a.variable.dataSync())).toEqual(expected);
      expect(second.iterations).toBe(2);
      [g1, g2].forEach((t) => t.dispose());
      first.dispose();
      second.dispose();
    });

    it('should refuse a state that does not fit and keep its own', () => {
      const a = parameter('a', [0.3, -0.7], [2]);
      const optimizer = new AdamOptimizer();
      const g = tf.tensor([1, 1]);
      optimizer.apply(new Map([['a', g]]), [a]);
      const before = optimizer.state();
      const bad = { ...before, slots: { ...before.slots, 'a/m': { shape: [3], dtype: 'float32' as const, values: new Float32Array(3) } } };
      expect(() => optimizer.restore(bad, [a])).toThrow(StateError);
      expect(() => optimizer.restore({ ...before, kind: 'rmsprop-centered' }, [a])).toThrow(StateError);
      expect(() => optimizer.restore({ ...before, slots: { 'b/m': before.slots['a/m']! } }, [a])).toThrow(StateError);
      expect(optimizer.state()).toEqual(before);
      g.dispose();
      optimizer.dispose();
    });
  });

  describe('constructor', () => {
    it('should name the bad option', () => {
      expect(() => new AdamOptimizer({ learningRate: 0 })).toThrow(/AdamOptimizer.learningRate/);
      expect(() => new AdamOptimizer({ beta1: 1 })).toThrow(ConfigError);
      expect(() => new AdamOptimizer({ epsilon: -1 })).toThrow(/AdamOptimizer.epsilon/);
      expect(() => new AdamOptimizer({ lr: 1 } as never)).toThrow(/AdamOptimizer options.lr/);
    });
  });
});
