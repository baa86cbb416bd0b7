import type { Parameter } from '@prunerl/core';
import { createToyParameters, disposeParameters, runHookedUpdates, type ToyParameterSpec } from '@prunerl/testing';
import { keepCount } from '../masks/keep-count';
import { GradualMagnitudePruner } from './gradual-magnitude-pruner';
import { OneShotPruner } from './one-shot-pruner';
import { RandomPruner } from './random-pruner';

const SPECS: ToyParameterSpec[] = [
  { name: 'a/kernel', shape: [40, 25] },
  { name: 'a/bias', shape: [25] },
  { name: 'b/kernel', shape: [25, 4] },
];

describe('OneShotPruner', () => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 6 });
  });
  afterEach(() => disposeParameters(parameters));

  it('should prune once, straight to the target, at its step', () => {
    const pruner = new OneShotPruner({ sparsity: 0.9, step: 7, distribution: 'uniform' });
    const sparsities: number[] = [];
    runHookedUpdates({ parameters, hooks: [pruner], steps: 15, onUpdate: () => sparsities.push(Number(pruner.sparsity().overall.toFixed(4))) });
    // Both kernels keep exactly 10%: (1000 - 100 + 100 - 10) / 1100 = 0.9 from update 7 on.
    expect(keepCount(1000, 0.9) + keepCount(100, 0.9)).toBe(110);
    expect(sparsities.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(sparsities.slice(7)).toEqual(new Array(8).fill(0.9));
    expect(pruner.metrics()['pruning/mask_updates']).toBe(1);
    pruner.dispose();
  });

  it('should default to 20% of the run', () => {
    const pruner = new OneShotPruner({ totalUpdates: 50 });
    runHookedUpdates({ parameters, hooks: [pruner], steps: 10 });
    expect(pruner.sparsity().overall).toBe(0);
    runHookedUpdates({ parameters, hooks: [pruner], steps: 1, startStep: 10, totalUpdates: 50 });
    expect(pruner.sparsity().overall).toBeGreaterThan(0.9);
    pruner.dispose();
  });
});

describe('RandomPruner', () => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 6 });
  });
  afterEach(() => disposeParameters(parameters));
  const maskOf = (pruner: { masks(): ReadonlyMap<string, { dataSync(): ArrayLike<number> }> }): number[] => Array.from(pruner.masks().get('a/kernel')!.dataSync());

  it('should follow the same schedule as magnitude pruning with other weights removed', () => {
    const options = { sparsity: 0.8, startStep: 0, endStep: 10, updateFrequency: 5, distribution: 'uniform' as const };
    const random = new RandomPruner({ ...options, seed: 1 });
    runHookedUpdates({ parameters, hooks: [random], steps: 12 });
    const randomMask = maskOf(random);
    random.dispose();
    disposeParameters(parameters);
    parameters = createToyParameters(SPECS, { seed: 6 });
    const magnitude = new GradualMagnitudePruner(options);
    runHookedUpdates({ parameters, hooks: [magnitude], steps: 12 });
    const magnitudeMask = maskOf(magnitude);
    magnitude.dispose();
    const kept = (m: number[]): number => m.reduce((a, b) => a + b, 0);
    expect(kept(randomMask)).toBe(kept(magnitudeMask));
    expect(randomMask).not.toEqual(magnitudeMask);
    expect(random.name).toBe('random');
  });
});
