import { Rng, StateError, type Parameter } from '@prunerl/core';
import { createToyParameters, disposeParameters } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { GradientMagnitudeCriterion } from './gradient-magnitude-criterion';
import { MagnitudeCriterion } from './magnitude-criterion';
import { RandomCriterion } from './random-criterion';

describe('criteria', () => {
  let p: Parameter | undefined;
  beforeAll(() => {
    [p] = createToyParameters([{ name: 'layer/kernel', shape: [20, 10] }], { seed: 4 });
  });
  afterAll(() => disposeParameters([p!]));
  const values = (t: tf.Tensor): number[] => {
    const out = Array.from(t.dataSync());
    t.dispose();
    return out;
  };

  describe('MagnitudeCriterion', () => {
    describe('.score', () => {
      it('should score |w|', () => {
        const w = Array.from(p!.variable.dataSync());
        expect(values(new MagnitudeCriterion().score(p!))).toEqual(w.map((x) => Math.fround(Math.abs(x))));
      });
    });
  });

  describe('RandomCriterion', () => {
    describe('.score', () => {
      it('should give the same scores for the same seed, step and parameter', () => {
        const a = values(new RandomCriterion({ seed: 3 }).score(p!, { step: 5 }));
        const b = values(new RandomCriterion({ rng: Rng.fromSeed(3).split('pruning') }).score(p!, { step: 5 }));
        expect(a).toEqual(b);
        expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
      });

      it('should give different scores for another step or seed', () => {
        const c = new RandomCriterion({ seed: 3 });
        const a = values(c.score(p!, { step: 5 }));
        expect(values(c.score(p!, { step: 6 }))).not.toEqual(a);
        expect(values(new RandomCriterion({ seed: 4 }).score(p!, { step: 5 }))).not.toEqual(a);
      });

      it('should look uniform', () => {
        const scores = values(new RandomCriterion({ seed: 1 }).score(p!, { step: 0 }));
        const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
        expect(mean).toBeGreaterThan(0.4);
        expect(mean).toBeLessThan(0.6);
      });
    });
  });

  describe('GradientMagnitudeCriterion', () => {
    describe('.score', () => {
      it('should score |gradient| and need a gradient', () => {
        const g = tf.tensor([-2, 1, -0.5], [3]);
        expect(values(new GradientMagnitudeCriterion().score(p!, { step: 0, gradient: g }))).toEqual([2, 1, 0.5]);
        g.dispose();
        expect(() => new GradientMagnitudeCriterion().score(p!, { step: 0 })).toThrow(StateError);
      });
    });
  });
});
