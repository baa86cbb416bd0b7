import { ConfigError, type Parameter, type UpdateHook } from '@prunerl/core';
import { createToyParameters, disposeParameters, runHookedUpdates, SimpleOptimizer, type ToyParameterSpec } from '@prunerl/testing';
import { erkSparsities } from '../distributions/erk-sparsities';
import { keepCount } from '../masks/keep-count';
import type { DynamicSparsePruner } from './dynamic-sparse-pruner';
import { RigLPruner } from './rigl-pruner';
import { SetPruner } from './set-pruner';

const SPECS: ToyParameterSpec[] = [
  { name: 'torso/conv/kernel', shape: [3, 3, 4, 16] },
  { name: 'torso/conv/bias', shape: [16] },
  { name: 'torso/dense/kernel', shape: [400, 64] },
  { name: 'torso/dense/bias', shape: [64] },
  { name: 'head/dense/kernel', shape: [64, 6] },
  { name: 'head/dense/bias', shape: [6] },
];
const KERNELS = SPECS.filter((s) => s.shape.length > 1).map((s) => s.name);

const values = (p: Parameter): Float32Array => Float32Array.from(p.variable.dataSync() as Float32Array);
const maskOf = (pruner: DynamicSparsePruner, name: string): Float32Array => Float32Array.from(pruner.masks().get(name)!.dataSync() as Float32Array);
const ones = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);

describe.each([
  ['SetPruner', (o: ConstructorParameters<typeof SetPruner>[0]) => new SetPruner(o)],
  ['RigLPruner', (o: ConstructorParameters<typeof RigLPruner>[0]) => new RigLPruner(o)],
] as const)('%s', (_name, make) => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 8 });
  });
  afterEach(() => disposeParameters(parameters));

  it('should start from an ERK mask applied to the weights before the first update', () => {
    const pruner = make({ sparsity: 0.9, endStep: 40, updateFrequency: 10, seed: 1 });
    const probe: UpdateHook = {
      name: 'probe',
      beforeUpdate: () => {
        const targets = erkSparsities(SPECS.filter((s) => s.shape.length > 1), 0.9);
        for (const name of KERNELS) {
          const p = parameters.find((q) => q.name === name)!;
          const mask = maskOf(pruner, name);
          expect(ones(mask)).toBe(keepCount(mask.length, targets.get(name)!));
          expect(values(p).every((v, i) => mask[i] === 1 || v === 0)).toBe(true);
        }
      },
      afterUpdate: () => undefined,
    };
    runHookedUpdates({ parameters, hooks: [pruner, probe], steps: 1 });
    pruner.dispose();
  });

  it('should change the masks at update steps while keeping every layer\'s sparsity constant', () => {
    const pruner = make({ sparsity: 0.9, distribution: 'uniform', endStep: 40, updateFrequency: 10, dropFraction: 0.3, seed: 2 });
    const counts = new Map<string, number>();
    const changedAt: number[] = [];
    let previous: Map<string, Float32Array> | undefined;
    runHookedUpdates({
      parameters,
      hooks: [pruner],
      steps: 50,
      onUpdate: (context) => {
        const current = new Map(KERNELS.map((n) => [n, maskOf(pruner, n)]));
        for (const [name, mask] of current) {
          if (!counts.has(name)) counts.set(name, ones(mask));
          expect(ones(mask)).toBe(counts.get(name)); // constant sparsity
          const p = parameters.find((q) => q.name === name)!;
          expect(values(p).every((v, i) => mask[i] === 1 || v === 0)).toBe(true);
        }
        if (previous && KERNELS.some((n) => current.get(n)!.some((v, i) => v !== previous!.get(n)![i]))) changedAt.push(context.step - 1);
        previous = current;
      },
    });
    expect(changedAt).toEqual([10, 20, 30]); // at 40 the cosine-decayed drop fraction is 0
    expect(pruner.sparsity().overall).toBeCloseTo(0.9, 2);
    pruner.dispose();
  });

  it('should skip the optimiser on mask-update steps, start grown weights at zero and reset their moments', () => {
    const pruner = make({ sparsity: 0.8, distribution: 'uniform', endStep: 30, updateFrequency: 10, seed: 3 });
    const optimizer = new SimpleOptimizer({ learningRate: 0.01 });
    runHookedUpdates({ parameters, hooks: [pruner], steps: 10, optimizer });
    const name = 'torso/dense/kernel';
    const before = maskOf(pruner, name);
    const bias = parameters.find((p) => p.name === 'torso/dense/bias')!;
    const biasBefore = values(bias);
    const iterations = optimizer.iterations;
    runHookedUpdates({ parameters, hooks: [pruner], steps: 1, startStep: 10, optimizer, totalUpdates: 40 });
    const after = maskOf(pruner, name);
    const grown = after.map((v, i) => (v === 1 && before[i] === 0 ? 1 : 0));
    expect(ones(grown)).toBeGreaterThan(0);
    // No gradient reached the optimiser: even the (unmasked) bias is unchanged.
    expect(Array.from(values(bias))).toEqual(Array.from(biasBefore));
    expect(optimizer.iterations).toBe(iterations + 1);
    const w = values(parameters.find((p) => p.name === name)!);
    const m = optimizer.slot(name, 'm')!.dataSync();
    const v = optimizer.slot(name, 'v')!.dataSync();
    // (-0 === 0: a masked negative weight becomes -0.)
    expect(grown.every((g, i) => g === 0 || (w[i] === 0 && m[i] === 0 && v[i] === 0))).toBe(true);
    // Surviving weights keep their moments.
    expect(after.some((a, i) => a === 1 && before[i] === 1 && m[i] !== 0)).toBe(true);
    // The next, ordinary step trains the grown weights.
    runHookedUpdates({ parameters, hooks: [pruner], steps: 1, startStep: 11, optimizer, totalUpdates: 40 });
    const trained = values(parameters.find((p) => p.name === name)!);
    expect(grown.some((g, i) => g === 1 && trained[i] !== 0)).toBe(true);
    optimizer.dispose();
    pruner.dispose();
  });

  it('should decay the drop fraction along a cosine to the end step', () => {
    const pruner = make({ endStep: 100, dropFraction: 0.3 });
    runHookedUpdates({ parameters, hooks: [pruner], steps: 1 });
    expect(pruner.dropFractionOf(0)).toBeCloseTo(0.3, 12);
    expect(pruner.dropFractionOf(50)).toBeCloseTo(0.15, 12);
    expect(pruner.dropFractionOf(100)).toBeCloseTo(0, 12);
    pruner.dispose();
  });

  it('should refuse a global distribution', () => {
    expect(() => make({ distribution: 'global' })).toThrow(ConfigError);
  });
});

describe('RigLPruner', () => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 9 });
  });
  afterEach(() => disposeParameters(parameters));

  it('should drop the smallest kept |w| and grow where |gradient| is largest, as the reference', () => {
    const name = 'torso/dense/kernel';
    const pruner = new RigLPruner({ sparsity: 0.9, distribution: 'uniform', endStep: 100, updateFrequency: 10, dropFraction: 0.3, seed: 4 });
    runHookedUpdates({ parameters, hooks: [pruner], steps: 10 });
    const old = maskOf(pruner, name);
    const w = values(parameters.find((p) => p.name === name)!);
    let grad: Float32Array | undefined;
    const capture: UpdateHook = {
      name: 'capture',
      transformGradients: (g) => {
        grad = Float32Array.from(g.get(name)!.dataSync() as Float32Array);
        return g;
      },
      afterUpdate: () => undefined,
    };
    // The capture runs first, so it sees the dense gradients RigL ranks.
    runHookedUpdates({ parameters, hooks: [capture, pruner], steps: 1, startStep: 10, totalUpdates: 100 });
    const updated = maskOf(pruner, name);

    // Reference, by brute force: drop the kept weights with the smallest |w|, then fill back to the
    // same count with the largest |grad| among entries not kept after the drop (ties: lower index).
    const kept = ones(old);
    const drop = pruner.dropFractionOf(10);
    const keepAfterDrop = keepCount(old.length, 1 - (kept / old.length) * (1 - drop));
    const byMagnitude = [...old.keys()].filter((i) => old[i] === 1).sort((a, b) => Math.abs(w[b]!) - Math.abs(w[a]!) || a - b);
    const survivors = new Set(byMagnitude.slice(0, keepAfterDrop));
    const byGradient = [...old.keys()].filter((i) => !survivors.has(i)).sort((a, b) => Math.abs(grad![b]!) - Math.abs(grad![a]!) || a - b);
    const expected = new Set([...survivors, ...byGradient.slice(0, kept - keepAfterDrop)]);
    expect([...updated.keys()].filter((i) => updated[i] === 1)).toEqual([...expected].sort((a, b) => a - b));
    pruner.dispose();
  });
});
