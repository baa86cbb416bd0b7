import { prunerConformance } from '@prunerl/testing';
import { GradualMagnitudePruner } from './gradual-magnitude-pruner';
import { LotteryTicket } from './lottery-ticket-pruner';
import { OneShotPruner } from './one-shot-pruner';
import { RandomPruner } from './random-pruner';
import { RigL } from './rigl-pruner';
import { SET } from './set-pruner';
import { StaticSparse } from './static-sparse-pruner';
import { createToyParameters, disposeParameters } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';

prunerConformance('GradualMagnitudePruner', ({ seed, totalUpdates }) => new GradualMagnitudePruner({ sparsity: 0.9, totalUpdates, updateFrequency: 4, seed }));
prunerConformance('GradualMagnitudePruner (global, uniform-free)', ({ seed, totalUpdates }) =>
  new GradualMagnitudePruner({ sparsity: 0.8, totalUpdates, updateFrequency: 3, distribution: 'global', seed }),
);
prunerConformance('RandomPruner', ({ seed, totalUpdates }) => new RandomPruner({ sparsity: 0.9, totalUpdates, updateFrequency: 4, seed }));
prunerConformance('OneShotPruner', ({ seed, totalUpdates }) => new OneShotPruner({ sparsity: 0.9, totalUpdates, atFraction: 0.25, seed }));
prunerConformance('StaticSparse', ({ seed }) => new StaticSparse({ sparsity: 0.9, seed }));
prunerConformance('SET', ({ seed, totalUpdates }) => new SET({ sparsity: 0.9, totalUpdates, updateFrequency: 5, seed }));
prunerConformance('RigL', ({ seed, totalUpdates }) => new RigL({ sparsity: 0.9, totalUpdates, updateFrequency: 5, seed }));
prunerConformance('LotteryTicket', () => {
  // A fixed checkerboard-like mask over the suite's default dense kernel, and rewind weights.
  const initial = createToyParameters([{ name: 'torso/dense/kernel', shape: [32, 24] }], { seed: 99 });
  const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([32, 24], 0, 1, 'float32', 5), 0.7), 'float32'));
  const pruner = new LotteryTicket({ masks: new Map([['torso/dense/kernel', mask]]), initialWeights: new Map([['torso/dense/kernel', initial[0]!.variable]]) });
  mask.dispose();
  disposeParameters(initial);
  return pruner;
});
