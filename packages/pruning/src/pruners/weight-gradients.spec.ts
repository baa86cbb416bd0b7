import type { Parameter } from '@prunerl/core';
import { createToyParameters, disposeParameters, runHookedUpdates, type ToyParameterSpec } from '@prunerl/testing';
import { GradualMagnitudePruner } from './gradual-magnitude-pruner';
import type { MaskedPruner } from './masked-pruner';
import { OneShotPruner } from './one-shot-pruner';
import { RandomPruner } from './random-pruner';
import { RigLPruner } from './rigl-pruner';
import { ScheduledPruner } from './scheduled-pruner';
import { SetPruner } from './set-pruner';
import { StaticSparsePruner } from './static-sparse-pruner';
import * as tf from '@tensorflow/tfjs-core';
import { MagnitudeCriterion } from '../criteria/magnitude-criterion';
import { UniformDistribution } from '../distributions/uniform-distribution';
import { LotteryTicketPruner } from './lottery-ticket-pruner';

/**
 * Which weight gradients each pruner asks for (`UpdateHook.weightGradients`): `kept` where its
 * zeros hold through the update, `dense` where a zero weight may be kept or regrown.
 */
const SPECS: ToyParameterSpec[] = [
  { name: 'a/kernel', shape: [30, 20] },
  { name: 'a/bias', shape: [20] },
];

describe('weight gradients pruners ask for', () => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 3 });
  });
  afterEach(() => disposeParameters(parameters));

  const answers = (pruner: MaskedPruner, steps: number): string[] => {
    const seen: string[] = [pruner.weightGradients({ step: 0, parameters } as never)];
    runHookedUpdates({ parameters, hooks: [pruner, { name: 'ask', beforeUpdate: (c) => void seen.push(pruner.weightGradients({ ...c, step: c.step + 1 })), afterUpdate: () => undefined }], steps });
    pruner.dispose();
    return seen;
  };

  it.each([
    ['gmp', () => new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 4, updateFrequency: 2 })],
    ['random', () => new RandomPruner({ sparsity: 0.9, startStep: 0, endStep: 4, updateFrequency: 2, seed: 1 })],
    ['one-shot', () => new OneShotPruner({ sparsity: 0.9, step: 2, distribution: 'uniform' })],
    ['static', () => new StaticSparsePruner({ sparsity: 0.9, distribution: 'uniform', seed: 1 })],
    [
      'lottery',
      () => {
        const mask = tf.tensor2d(Float32Array.from({ length: 600 }, (_, i) => (i % 10 === 0 ? 1 : 0)), [30, 20]);
        const pruner = new LotteryTicketPruner({ masks: new Map([['a/kernel', mask]]), initialWeights: new Map([['a/kernel', parameters[0]!.variable]]) });
        mask.dispose();
        return pruner;
      },
    ],
  ])('%s: kept at every update once its masks are known (dense before the first hook call)', (_, make) => {
    expect(answers(make(), 6)).toEqual(['dense', 'kept', 'kept', 'kept', 'kept', 'kept', 'kept']);
  });

  it.each([
    ['rigl', () => new RigLPruner({ sparsity: 0.9, updateFrequency: 2, startStep: 1, endStep: 6, distribution: 'uniform', seed: 1 })],
    ['set', () => new SetPruner({ sparsity: 0.9, updateFrequency: 2, startStep: 1, endStep: 6, distribution: 'uniform', seed: 1 })],
  ])('%s: dense at every update (grown weights start at zero, as pruned ones are)', (_, make) => {
    expect(answers(make(), 4)).toEqual(['dense', 'dense', 'dense', 'dense', 'dense']);
  });

  it('a scheduled pruner whose target falls: dense at that mask update only', () => {
    const falling = { kind: 'falling', sparsityAt: (step: number) => (step < 2 ? 0.8 : 0.5), isUpdateStep: (step: number) => step === 0 || step === 2 };
    const pruner = new ScheduledPruner({ schedule: falling, distribution: new UniformDistribution(), criterion: new MagnitudeCriterion() });
    expect(answers(pruner, 4)).toEqual(['dense', 'kept', 'dense', 'kept', 'kept']);
  });

  it('dense when a kernel is left out of the masks (the kept path would freeze its zero weights too)', () => {
    disposeParameters(parameters);
    parameters = createToyParameters([...SPECS, { name: 'head/kernel', shape: [20, 4] }], { seed: 3 });
    const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 4, updateFrequency: 2, prunable: { exclude: ['head/**'] } });
    expect(answers(pruner, 4)).toEqual(['dense', 'dense', 'dense', 'dense', 'dense']);
    // Biases (rank 1) are never kernels: left out, they keep `kept`.
    const withBias = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 4, updateFrequency: 2 });
    expect(answers(withBias, 2)).toEqual(['dense', 'kept', 'kept']);
  });

});
