import { ConfigError, type NamedGradients, type Optimizer, type Parameter, type UpdateContext, type UpdateHook } from '@prunerl/core';
import { createToyParameters, disposeParameters, expectNoTensorLeakSync, ParameterNetwork, SimpleOptimizer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { WeightDecay } from './weight-decay';

/**
 * The agent's side of the hook contract with zero loss gradients: transform (disposing what a hook
 * replaced), apply, afterUpdate. `only` limits which parameters get a (zero) gradient.
 */
function zeroGradientUpdates(parameters: readonly Parameter[], hook: UpdateHook, optimizer: Optimizer, steps: number, only?: readonly string[]): void {
  const network = new ParameterNetwork(parameters);
  for (let step = 0; step < steps; step++) {
    const ctx = (s: number): UpdateContext => ({ step: s, trainingFraction: undefined, totalUpdates: undefined, parameters, network, optimizer });
    let gradients: NamedGradients = new Map(parameters.filter((p) => !only || only.includes(p.name)).map((p) => [p.name, tf.zerosLike(p.variable)]));
    const next = hook.transformGradients!(gradients, ctx(step));
    const kept = new Set(next.values());
    for (const g of gradients.values()) if (!kept.has(g)) g.dispose();
    gradients = next;
    optimizer.apply(gradients, parameters);
    tf.dispose([...gradients.values()]);
    hook.afterUpdate(ctx(step + 1));
  }
}

const values = (p: Parameter): Float32Array => Float32Array.from(p.variable.dataSync() as Float32Array);

describe('WeightDecay', () => {
  let params: Parameter[];
  let initial: Float32Array[];
  beforeEach(() => {
    params = createToyParameters([
      { name: 'torso/dense/kernel', shape: [6, 4] },
      { name: 'torso/dense/bias', shape: [4] },
    ]);
    initial = params.map(values);
  });
  afterEach(() => disposeParameters(params));

  describe('.transformGradients', () => {
    it('should shrink weights by (1 - lr·wd) per update with zero gradients in decoupled mode, bit for bit', () => {
      const lr = 1e-2;
      const wd = 0.5;
      const optimizer = new SimpleOptimizer({ learningRate: lr });
      const steps = 50;
      expectNoTensorLeakSync(() => zeroGradientUpdates(params, new WeightDecay({ weightDecay: wd, mode: 'decoupled' }), optimizer, steps), {
        label: 'WeightDecay',
        allowed: 4, // the optimiser's m and v slots of two parameters
      });
      const factor = Math.fround(1 - lr * wd);
      params.forEach((p, k) => {
        const expected = initial[k]!.map((w) => {
          let x = w;
          for (let t = 0; t < steps; t++) x = Math.fround(x * factor);
          return x;
        });
        expect(values(p)).toEqual(expected);
        // The rate: w_t = w_0 (1 - lr·wd)^t.
        values(p).forEach((w, i) => expect(w).toBeCloseTo(initial[k]![i]! * (1 - lr * wd) ** steps, 5));
      });
      optimizer.dispose();
    });

    it('should add wd·w to the gradient before Adam in gradient mode (optax.add_decayed_weights, then scale_by_adam)', () => {
      const lr = 1e-3;
      const wd = 0.1;
      const eps = 1e-8;
      const optimizer = new SimpleOptimizer({ learningRate: lr, epsilon: eps });
      const steps = 30;
      zeroGradientUpdates(params, new WeightDecay({ weightDecay: wd }), optimizer, steps);
      params.forEach((p, k) => {
        values(p).forEach((w, i) => {
          // Adam by hand on g = wd·w (the only gradient), in double precision.
          let x = initial[k]![i]!;
          let m = 0;
          let v = 0;
          for (let t = 1; t <= steps; t++) {
            const g = wd * x;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            x -= (lr * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + eps);
          }
          expect(w).toBeCloseTo(x, 5);
          // With wd·|w| >> eps, Adam normalises the decay term: |w| falls by about lr per update
          // (a little less as w, hence g, shrinks), linearly rather than geometrically.
          if (Math.abs(initial[k]![i]!) > 0.1) {
            const shrink = (Math.abs(initial[k]![i]!) - Math.abs(w)) / (steps * lr);
            expect(shrink).toBeGreaterThan(0.9);
            expect(shrink).toBeLessThanOrEqual(1);
          }
        });
      });
      optimizer.dispose();
    });

    it('should shrink weights by (1 - lr·wd) per update with plain SGD in gradient mode', () => {
      const optimizer = new SimpleOptimizer({ kind: 'sgd', learningRate: 0.1 });
      zeroGradientUpdates(params, new WeightDecay({ weightDecay: 0.2 }), optimizer, 20);
      params.forEach((p, k) => values(p).forEach((w, i) => expect(w).toBeCloseTo(initial[k]![i]! * (1 - 0.1 * 0.2) ** 20, 5)));
      optimizer.dispose();
    });

    it('should decay only parameters that have a gradient and a selected role', () => {
      const optimizer = new SimpleOptimizer({ kind: 'sgd', learningRate: 0.1 });
      zeroGradientUpdates(params, new WeightDecay({ weightDecay: 0.5, roles: ['kernel'] }), optimizer, 3);
      expect(values(params[1]!)).toEqual(initial[1]);
      expect(values(params[0]!)).not.toEqual(initial[0]);
      const kernelBefore = values(params[0]!);
      zeroGradientUpdates(params, new WeightDecay({ weightDecay: 0.5, mode: 'decoupled' }), optimizer, 3, ['torso/dense/bias']);
      expect(values(params[0]!)).toEqual(kernelBefore);
      expect(values(params[1]!)).not.toEqual(initial[1]);
      optimizer.dispose();
    });
  });

  describe('options', () => {
    it('should refuse bad options with the field named', () => {
      expect(() => new WeightDecay({ weightDecay: -1 })).toThrow('weight-decay.weightDecay: expected a finite number >= 0, got -1.');
      expect(() => new WeightDecay({ mode: 'adamw' as never })).toThrow(/weight-decay\.mode: expected one of "gradient", "decoupled"/);
      expect(() => new WeightDecay({ learningRate: 0.1 })).toThrow(/weight-decay\.learningRate: expected nothing unless mode is "decoupled"/);
      expect(() => new WeightDecay({ roles: [] })).toThrow(ConfigError);
    });

    it('should need a learning rate in decoupled mode when the optimiser has none', () => {
      const optimizer = { kind: 'x', iterations: 0, apply: () => undefined, resetSlots: () => undefined, state: () => ({}), restore: () => undefined, dispose: () => undefined } as unknown as Optimizer;
      expect(() => zeroGradientUpdates(params, new WeightDecay({ mode: 'decoupled' }), optimizer, 1)).toThrow(/weight-decay\.learningRate: expected a learning rate > 0/);
    });
  });
});
