import { Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { HeadPlan } from '../heads/head';
import { ConvLayer } from '../layers/conv-layer';
import { DenseLayer } from '../layers/dense-layer';
import type { LayerOp } from '../layers/layer-op';
import { ParameterStore } from '../layers/parameter-store';
import { runLayerOps } from '../layers/run-layer-ops';
import type { NetworkPlan } from '../network/network-plan';
import { SparseForward, type ParameterValues } from './sparse-forward';

/**
 * Sparse inference compiles whatever layer ops a torso describes itself with, not only the
 * built-in torsos' patterns: here a plan no built-in torso has (a strided convolution after a
 * ReLU, a ReLU kept pending through max pooling, residual sums that no convolution can fuse, on
 * images and on flat features) against the tfjs walk of the same ops.
 */
describe(SparseForward, () => {
  describe('.compile', () => {
    it('should run any plan of layer ops as the tfjs walk of the same ops does', () => {
      const store = new ParameterStore('plan', Rng.fromSeed(4).split('init'));
      const conv = (name: string, cin: number, cout: number, k: number, stride: number, padding: 'same' | 'valid'): ConvLayer =>
        new ConvLayer(store, name, cin, cout, k, stride, padding, 'lecun-normal');
      const dense = (name: string, inputs: number, units: number): DenseLayer => new DenseLayer(store, name, inputs, units, 'lecun-normal');
      // 9x9x3 -> 5x5x4 -> (pool) 5x5x4 -> 3x3x6 -> 3x3x6 -> 1x1x5 -> 5 -> 8 -> 8 -> 7 -> 3
      const encoder: LayerOp[] = [
        { kind: 'conv', layer: conv('torso/a', 3, 4, 3, 2, 'same'), activation: 'linear' },
        { kind: 'relu' },
        { kind: 'maxPool', size: 2, stride: 1, padding: 'same' },
        { kind: 'conv', layer: conv('torso/b', 4, 6, 3, 1, 'valid'), activation: 'relu' },
        { kind: 'residual', body: [{ kind: 'conv', layer: conv('torso/c', 6, 6, 3, 1, 'same'), activation: 'relu' }] },
        { kind: 'relu' },
        { kind: 'conv', layer: conv('torso/e', 6, 5, 2, 2, 'valid'), activation: 'relu' },
        { kind: 'flatten' },
        { kind: 'dense', layer: dense('torso/f', 5, 8), activation: 'relu' },
      ];
      const hidden: LayerOp[] = [
        { kind: 'residual', body: [{ kind: 'dense', layer: dense('torso/r', 8, 8), activation: 'linear' }] },
        { kind: 'relu' },
        { kind: 'dense', layer: dense('torso/g', 8, 7), activation: 'relu' },
      ];
      const output = dense('head/dense', 7, 3);
      const head: HeadPlan = { kind: 'linear', layer: output, outputShape: [3] };
      const plan: NetworkPlan = { observationShape: [9, 9, 3], inputScale: 0.5, encoder, encodedSize: 8, hidden, featureNorm: false, head };
      // Prune half of every kernel.
      tf.tidy(() => {
        for (const p of store.parameters()) {
          if (p.role !== 'kernel') continue;
          const values = Float32Array.from(p.variable.dataSync() as Float32Array, (v, i) => (i % 2 === 0 ? 0 : v));
          p.variable.assign(tf.tensor(values, p.variable.shape));
        }
      });
      const parameters = new Map<string, ParameterValues>(store.parameters().map((p) => [p.name, { shape: p.variable.shape, values: p.variable.dataSync() as Float32Array }]));
      const observations = Rng.fromSeed(5).fillNormal(new Float32Array(2 * 9 * 9 * 3));

      const want = tf.tidy(() => {
        const x = tf.mul(tf.tensor(observations, [2, 9, 9, 3]), 0.5);
        const features = runLayerOps(hidden, runLayerOps(encoder, x, { noise: null }), { noise: null });
        return output.apply(features as tf.Tensor2D, 'linear').dataSync() as Float32Array;
      });
      const got = SparseForward.compile(plan, parameters)!.run(observations, 2);

      expect(got.shape).toEqual([2, 3]);
      expect(got.values.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got.values[i]! - want[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[i]!)));
      for (const p of store.parameters()) p.variable.dispose();
    });
  });
});
