import type { Parameter, UpdateHook } from '@prunerl/core';
import { createToyParameters, disposeParameters, runHookedUpdates, type ToyParameterSpec } from '@prunerl/testing';
import { keepCount } from '../masks/keep-count';
import { StaticSparsePruner } from './static-sparse-pruner';

const SPECS: ToyParameterSpec[] = [
  { name: 'a/kernel', shape: [30, 20] },
  { name: 'a/bias', shape: [20] },
  { name: 'b/kernel', shape: [20, 5] },
];

describe('StaticSparsePruner', () => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 2 });
  });
  afterEach(() => disposeParameters(parameters));
  const mask = (pruner: StaticSparsePruner, name: string): Float32Array => Float32Array.from(pruner.masks().get(name)!.dataSync() as Float32Array);

  it('should mask the weights before the first gradient and never change the mask', () => {
    const pruner = new StaticSparsePruner({ sparsity: 0.8, distribution: 'uniform', seed: 1 });
    let first: Float32Array | undefined;
    const probe: UpdateHook = {
      name: 'probe',
      beforeUpdate: (context) => {
        const m = mask(pruner, 'a/kernel');
        if (context.step === 0) {
          first = m;
          const w = parameters[0]!.variable.dataSync();
          expect(m.every((v, i) => v === 1 || w[i] === 0)).toBe(true);
        }
        expect(Array.from(m)).toEqual(Array.from(first!));
      },
      afterUpdate: () => undefined,
    };
    runHookedUpdates({ parameters, hooks: [pruner, probe], steps: 20 });
    expect(first!.reduce((a, v) => a + v, 0)).toBe(keepCount(600, 0.8));
    expect(pruner.metrics()['pruning/mask_updates']).toBe(0);
    pruner.dispose();
  });

  it('should draw a random mask (not the largest weights), reproducible by seed', () => {
    const make = (seed: number): Float32Array => {
      const pruner = new StaticSparsePruner({ sparsity: 0.5, distribution: 'uniform', seed });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 1 });
      const m = mask(pruner, 'a/kernel');
      pruner.dispose();
      return m;
    };
    expect(Array.from(make(1))).toEqual(Array.from(make(1)));
    expect(Array.from(make(1))).not.toEqual(Array.from(make(2)));
  });

  it('should take a magnitude mask of the initial weights when asked', () => {
    const w = Float32Array.from(parameters[0]!.variable.dataSync() as Float32Array);
    const pruner = new StaticSparsePruner({ sparsity: 0.5, distribution: 'uniform', init: 'magnitude' });
    runHookedUpdates({ parameters, hooks: [pruner], steps: 1 });
    const m = mask(pruner, 'a/kernel');
    const minKept = Math.min(...w.filter((_, i) => m[i] === 1).map(Math.abs));
    const maxPruned = Math.max(...w.filter((_, i) => m[i] === 0).map(Math.abs));
    expect(minKept).toBeGreaterThanOrEqual(maxPruned);
    pruner.dispose();
  });
});
