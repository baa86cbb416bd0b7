import { expectNoTensorLeakSync } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { globalTopkMasks } from './global-topk-masks';
import { keepCount } from './keep-count';
import { topkMask, topkMaskKeeping } from './topk-mask';

/** The reference's rule, by brute force: stable sort by descending score, keep the first k. */
function referenceMask(scores: number[], keep: number): number[] {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const mask = new Array<number>(scores.length).fill(0);
  for (let j = 0; j < keep; j++) mask[order[j]![1]] = 1;
  return mask;
}

function maskOf(scores: number[], sparsity: number, shape = [scores.length]): number[] {
  return tf.tidy(() => Array.from(topkMask(tf.tensor(scores, shape), sparsity).dataSync()));
}

describe('topkMask', () => {
  it('should keep the highest scores', () => {
    expect(maskOf([0.1, 0.9, 0.5, 0.3], 0.5)).toEqual([0, 1, 1, 0]);
    expect(maskOf([-3, 2, 1, 0.5, 7], 0.6)).toEqual([0, 1, 0, 0, 1]);
  });

  it('should break ties by flat index, keeping lower indices', () => {
    expect(maskOf([1, 1, 1, 1, 1, 1], 0.5)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(maskOf([0, 2, 0, 2, 0, 2, 0], 0.5)).toEqual([1, 1, 0, 1, 0, 1, 0]);
  });

  it('should keep everything at sparsity 0 and one entry at sparsity 1', () => {
    expect(maskOf([3, 1, 2], 0)).toEqual([1, 1, 1]);
    expect(maskOf([3, 1, 5], 1)).toEqual([0, 0, 1]);
  });

  it('should keep the shape of the scores', () => {
    const mask = tf.tidy(() => topkMask(tf.tensor([[1, 4], [3, 2]]), 0.5));
    expect(mask.shape).toEqual([2, 2]);
    expect(Array.from(mask.dataSync())).toEqual([0, 1, 1, 0]);
    mask.dispose();
  });

  it('should match the reference rule on random scores with many ties, at every sparsity', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const size of [1, 2, 7, 64, 501]) {
      // Integer scores in a small range make ties at the threshold the rule, not the exception.
      const scores = Array.from({ length: size }, () => Math.floor(next() * 6));
      for (const sparsity of [0, 0.1, 0.25, 0.5, 0.73, 0.9, 0.95, 0.99, 1]) {
        expect(maskOf(scores, sparsity)).toEqual(referenceMask(scores, keepCount(size, sparsity)));
      }
    }
  });

  it('should handle infinite scores', () => {
    expect(maskOf([-Infinity, 1, Infinity, -Infinity], 0.5)).toEqual([0, 1, 1, 0]);
  });

  it('should not leak tensors', () => {
    const scores = tf.randomUniform([50, 20]);
    expectNoTensorLeakSync(() => topkMask(scores, 0.9).dispose());
    expectNoTensorLeakSync(() => topkMask(scores, 0.1).dispose());
    scores.dispose();
  });

  it('should refuse a sparsity outside [0, 1]', () => {
    const scores = tf.ones([3]);
    expect(() => topkMask(scores, 1.5)).toThrow(/topkMask\(sparsity\): expected a number in \[0, 1\], got 1.5/);
    scores.dispose();
  });
});

describe('topkMaskKeeping', () => {
  it('should keep exactly the given count', () => {
    const mask = tf.tidy(() => Array.from(topkMaskKeeping(tf.tensor([5, 4, 3, 2, 1]), 2).dataSync()));
    expect(mask).toEqual([1, 1, 0, 0, 0]);
    expect(tf.tidy(() => Array.from(topkMaskKeeping(tf.tensor([5, 4]), 0).dataSync()))).toEqual([0, 0]);
  });
});

describe('globalTopkMasks', () => {
  it('should rank all tensors together with one threshold', () => {
    const a = tf.tensor([[0.1, 0.2], [0.3, 0.4]]);
    const b = tf.tensor([5, 6, 0.05]);
    const masks = globalTopkMasks(new Map([['b', b], ['a', a]]), 4 / 7);
    expect(Array.from(masks.get('a')!.dataSync())).toEqual([0, 0, 0, 1]);
    expect(masks.get('a')!.shape).toEqual([2, 2]);
    expect(Array.from(masks.get('b')!.dataSync())).toEqual([1, 1, 0]);
    tf.dispose([a, b, ...masks.values()]);
  });

  it('should rank scores relative to their tensor norm when normalising', () => {
    const a = tf.tensor([1, 2, 3, 4]);
    const b = tf.tensor([100, 200, 300, 400]);
    const plain = globalTopkMasks(new Map([['a', a], ['b', b]]), 0.5);
    const normalised = globalTopkMasks(new Map([['a', a], ['b', b]]), 0.5, { normalize: true });
    expect(Array.from(plain.get('a')!.dataSync())).toEqual([0, 0, 0, 0]);
    // Equal normalised scores: ties broken by position in the name-ordered concatenation (a first).
    expect(Array.from(normalised.get('a')!.dataSync())).toEqual([0, 0, 1, 1]);
    expect(Array.from(normalised.get('b')!.dataSync())).toEqual([0, 0, 1, 1]);
    tf.dispose([a, b, ...plain.values(), ...normalised.values()]);
  });
});
