import { prunerConformance } from '@prunerl/testing';
import { GradualMagnitudePruner } from './gradual-magnitude-pruner';
import { LotteryTicketPruner } from './lottery-ticket-pruner';
import { OneShotPruner } from './one-shot-pruner';
import { RandomPruner } from './random-pruner';
import { RigLPruner } from './rigl-pruner';
import { SetPruner } from './set-pruner';
import { StaticSparsePruner } from './static-sparse-pruner';
import { createToyParameters, disposeParameters } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';

prunerConformance('GradualMagnitudePruner', ({ seed, totalUpdates }) => new GradualMagnitudePruner({ sparsity: 0.9, totalUpdates, updateFrequency: 4, seed }));
prunerConformance('GradualMagnitudePruner (global, uniform-free)', ({ seed, totalUpdates }) =>
  new GradualMagnitudePruner({ sparsity: 0.8, totalUpdates, updateFrequency: 3, distribution: 'global', seed }),
);
prunerConformance('RandomPruner', ({ seed, totalUpdates }) => new RandomPruner({ sparsity: 0.9, totalUpdates, updateFrequency: 4, seed }));
prunerConformance('OneShotPruner', ({ seed, totalUpdates }) => new OneShotPruner({ sparsity: 0.9, totalUpdates, atFraction: 0.25, seed }));
prunerConformance('StaticSparsePruner', ({ seed }) => new StaticSparsePruner({ sparsity: 0.9, seed }));
prunerConformance('SetPruner', ({ seed, totalUpdates }) => new SetPruner({ sparsity: 0.9, totalUpdates, updateFrequency: 5, seed }));
prunerConformance('RigLPruner', ({ seed, totalUpdates }) => new RigLPruner({ sparsity: 0.9, totalUpdates, updateFrequency: 5, seed }));
prunerConformance('LotteryTicketPruner', () => {
  // A fixed checkerboard-like mask over the suite's default dense kernel, and rewind weights.
  const initial = createToyParameters([{ name: 'torso/dense/kernel', shape: [32, 24] }], { seed: 99 });
  const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([32, 24], 0, 1, 'float32', 5), 0.7), 'float32'));
  const pruner = new LotteryTicketPruner({ masks: new Map([['torso/dense/kernel', mask]]), initialWeights: new Map([['torso/dense/kernel', initial[0]!.variable]]) });
  mask.dispose();
  disposeParameters(initial);
  return pruner;
});
