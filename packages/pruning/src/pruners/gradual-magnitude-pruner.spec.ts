import { ConfigError, StateError, type Parameter, type UpdateContext, type UpdateHook } from '@prunerl/core';
import { createToyParameters, disposeParameters, ParameterNetwork, runHookedUpdates, SimpleOptimizer, type ToyParameterSpec } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { erkSparsities } from '../distributions/erk-sparsities';
import { keepCount } from '../masks/keep-count';
import { PolynomialSchedule } from '../schedules/polynomial-schedule';
import { GradualMagnitudePruner } from './gradual-magnitude-pruner';

const SPECS: ToyParameterSpec[] = [
  { name: 'torso/conv1/kernel', shape: [3, 3, 4, 16] },
  { name: 'torso/conv1/bias', shape: [16] },
  { name: 'torso/conv2/kernel', shape: [3, 3, 16, 32] },
  { name: 'torso/conv2/bias', shape: [32] },
  { name: 'torso/dense/kernel', shape: [800, 64] },
  { name: 'torso/dense/bias', shape: [64] },
  { name: 'head/dense/kernel', shape: [64, 6] },
  { name: 'head/dense/bias', shape: [6] },
];
const KERNELS = SPECS.filter((s) => s.shape.length > 1);

function nonzero(p: Parameter): number {
  return (p.variable.dataSync() as Float32Array).reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
}

function maskArray(pruner: GradualMagnitudePruner, name: string): Float32Array {
  return pruner.masks().get(name)!.dataSync() as Float32Array;
}

/** A hook that runs a callback in beforeUpdate (after the pruner's, since hooks run in order). */
function probeBefore(fn: (context: UpdateContext) => void): UpdateHook {
  return { name: 'probe', beforeUpdate: fn, afterUpdate: () => undefined };
}

describe('GradualMagnitudePruner', () => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 5 });
  });
  afterEach(() => disposeParameters(parameters));

  describe('constructor', () => {
    it("should default to the paper's settings", () => {
      const pruner = new GradualMagnitudePruner({ totalUpdates: 10_000 });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 1 });
      const schedule = pruner.schedule as PolynomialSchedule;
      expect(pruner.name).toBe('gmp');
      expect([schedule.finalSparsity, schedule.startStep, schedule.endStep, schedule.updateFrequency, schedule.power]).toEqual([0.95, 2000, 8000, 1000, 3]);
      expect(pruner.distribution.kind).toBe('erk');
      expect(pruner.criterion.kind).toBe('magnitude');
      pruner.dispose();
    });

    it('should take the run length from UpdateContext.totalUpdates', () => {
      const pruner = new GradualMagnitudePruner();
      runHookedUpdates({ parameters, hooks: [pruner], steps: 1, totalUpdates: 500 });
      expect((pruner.schedule as PolynomialSchedule).startStep).toBe(100);
      pruner.dispose();
    });

    it('should throw a ConfigError at first use when the run length is unknown', () => {
      const pruner = new GradualMagnitudePruner();
      expect(() => runHookedUpdates({ parameters, hooks: [pruner], steps: 1, totalUpdates: null })).toThrow(ConfigError);
      expect(() => runHookedUpdates({ parameters, hooks: [pruner], steps: 1, totalUpdates: null })).toThrow(/gmp\.totalUpdates: expected a positive integer/);
      // Explicit steps need no total.
      const explicit = new GradualMagnitudePruner({ startStep: 0, endStep: 10 });
      expect(() => runHookedUpdates({ parameters, hooks: [explicit], steps: 1, totalUpdates: null })).not.toThrow();
      explicit.dispose();
    });

    it('should reject inconsistent options', () => {
      expect(() => new GradualMagnitudePruner({ startStep: 3 })).toThrow(/gmp\.endStep: expected a step: give startStep and endStep together/);
      expect(() => new GradualMagnitudePruner({ schedule: new PolynomialSchedule({ startStep: 0, endStep: 1 }), sparsity: 0.5 })).toThrow(/gmp\.sparsity/);
      expect(() => new GradualMagnitudePruner({ sparsity: 2 })).toThrow(/finalSparsity/);
    });
  });

  describe('.beforeUpdate', () => {
    it('should prune each layer to its ERK target within one weight at 95%', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 20, updateFrequency: 5 });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 25, optimizer: new SimpleOptimizer({ learningRate: 1e-3 }) });
      const targets = erkSparsities(KERNELS.map((s) => ({ name: s.name, shape: s.shape })), 0.95);
      let kept = 0;
      let size = 0;
      for (const spec of KERNELS) {
        const p = parameters.find((q) => q.name === spec.name)!;
        const n = p.variable.size;
        const target = targets.get(spec.name)!;
        expect(Math.abs(nonzero(p) - n * (1 - target))).toBeLessThanOrEqual(1);
        expect(nonzero(p)).toBe(keepCount(n, target));
        kept += nonzero(p);
        size += n;
      }
      // The layers' targets add up to the overall 95% (ERK keeps the uniform weight count).
      expect(1 - kept / size).toBeCloseTo(0.95, 3);
      const report = pruner.sparsity();
      expect(report.target).toBe(0.95);
      expect(report.overall).toBeCloseTo(1 - kept / size, 12);
      expect(report.layers.map((l) => l.target)).toEqual(KERNELS.map((s) => targets.get(s.name)));
      pruner.dispose();
    });

    it('should follow equation 1 at every mask update, with sparsity only growing', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 10, endStep: 40, updateFrequency: 10, distribution: 'uniform' });
      const schedule = new PolynomialSchedule({ finalSparsity: 0.9, startStep: 10, endStep: 40, updateFrequency: 10 });
      const seen: number[] = [];
      let previous = new Map<string, Float32Array>();
      const probe = probeBefore((context) => {
        const current = new Map(KERNELS.map((s) => [s.name, Float32Array.from(maskArray(pruner, s.name))]));
        const changed = KERNELS.some((s) => previous.size > 0 && current.get(s.name)!.some((v, i) => v !== previous.get(s.name)![i]));
        if (changed || (previous.size === 0 && context.step > 0)) seen.push(context.step);
        for (const s of KERNELS) {
          const mask = current.get(s.name)!;
          const ones = mask.reduce((a, v) => a + v, 0);
          if (schedule.isUpdateStep(context.step)) {
            expect(ones).toBe(keepCount(mask.length, schedule.sparsityAt(context.step)));
          }
          // Monotone: a pruned weight never comes back.
          const before = previous.get(s.name);
          if (before) expect(mask.every((v, i) => v <= before[i]!)).toBe(true);
        }
        previous = current;
      });
      runHookedUpdates({ parameters, hooks: [pruner, probe], steps: 50 });
      expect(seen).toEqual([10, 20, 30, 40]);
      expect(pruner.sparsity().overall).toBeCloseTo(0.9, 2);
      pruner.dispose();
    });

    it('should keep the largest magnitudes of the weights before the update', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.8, startStep: 3, endStep: 3, distribution: 'uniform' });
      const probe = probeBefore((context) => {
        if (context.step !== 3) return;
        for (const s of KERNELS) {
          const mask = maskArray(pruner, s.name);
          const w = parameters.find((p) => p.name === s.name)!.variable.dataSync() as Float32Array;
          let minKept = Infinity;
          let maxPruned = -Infinity;
          w.forEach((v, i) => (mask[i] ? (minKept = Math.min(minKept, Math.abs(v))) : (maxPruned = Math.max(maxPruned, Math.abs(v)))));
          expect(minKept).toBeGreaterThanOrEqual(maxPruned);
        }
      });
      runHookedUpdates({ parameters, hooks: [pruner, probe], steps: 5 });
      pruner.dispose();
    });

    it('should rank all layers together with the global distribution', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.7, startStep: 0, endStep: 0, distribution: 'global' });
      const probe = probeBefore(() => {
        let minKept = Infinity;
        let maxPruned = -Infinity;
        for (const s of KERNELS) {
          const mask = maskArray(pruner, s.name);
          const w = parameters.find((p) => p.name === s.name)!.variable.dataSync() as Float32Array;
          w.forEach((v, i) => (mask[i] ? (minKept = Math.min(minKept, Math.abs(v))) : (maxPruned = Math.max(maxPruned, Math.abs(v)))));
        }
        expect(minKept).toBeGreaterThanOrEqual(maxPruned);
      });
      runHookedUpdates({ parameters, hooks: [pruner, probe], steps: 1 });
      const report = pruner.sparsity();
      const total = report.layers.reduce((a, l) => a + l.size, 0);
      expect(report.nonzero).toBe(keepCount(total, 0.7));
      // Layers end at different sparsities: the ranking, not a per-layer target, decides.
      expect(new Set(report.layers.map((l) => l.sparsity.toFixed(3))).size).toBeGreaterThan(1);
      pruner.dispose();
    });

    it('should leave the weights alone before the schedule starts', () => {
      const pruner = new GradualMagnitudePruner({ startStep: 100, endStep: 200 });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 20 });
      expect(pruner.sparsity().overall).toBe(0);
      expect(pruner.metrics()['pruning/mask_updates']).toBe(0);
      pruner.dispose();
    });
  });

  describe('.afterUpdate', () => {
    it('should keep masked weights exactly zero after 100 Adam updates, and the target network inherits them', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 10, endStep: 50, updateFrequency: 10 });
      let checked = 0;
      runHookedUpdates({
        parameters,
        hooks: [pruner],
        steps: 100,
        optimizer: new SimpleOptimizer({ kind: 'adam', learningRate: 0.05 }),
        onUpdate: () => {
          for (const s of KERNELS) {
            const mask = maskArray(pruner, s.name);
            const w = parameters.find((p) => p.name === s.name)!.variable.dataSync();
            let violations = 0;
            for (let i = 0; i < mask.length; i++) if (mask[i] === 0 && w[i] !== 0) violations++; // -0 === 0
            expect(violations).toBe(0);
          }
          checked++;
        },
      });
      expect(checked).toBe(100);
      const finalSparsity = pruner.sparsity().overall;
      expect(finalSparsity).toBeGreaterThan(0.94);
      // A target network copying the online weights inherits the zeros: no separate mask needed.
      const target = createToyParameters(SPECS, { seed: 99 });
      new ParameterNetwork(target).copyFrom(new ParameterNetwork(parameters));
      for (const s of KERNELS) expect(nonzero(target.find((p) => p.name === s.name)!)).toBe(nonzero(parameters.find((p) => p.name === s.name)!));
      disposeParameters(target);
      pruner.dispose();
    });
  });

  describe('.transformGradients', () => {
    const capture = (into: Map<string, Float32Array>): UpdateHook => ({
      name: 'capture',
      transformGradients: (g) => {
        for (const [name, t] of g) into.set(name, Float32Array.from(t.dataSync() as Float32Array));
        return g;
      },
      afterUpdate: () => undefined,
    });

    it('should pass full gradients by default, as the reference', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 0 });
      const grads = new Map<string, Float32Array>();
      runHookedUpdates({ parameters, hooks: [pruner, capture(grads)], steps: 2 });
      expect(grads.get('torso/dense/kernel')!.every((v) => v !== 0)).toBe(true);
      pruner.dispose();
    });

    it('should mask gradients with sparseGradients', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 0, sparseGradients: true });
      const grads = new Map<string, Float32Array>();
      runHookedUpdates({ parameters, hooks: [pruner, capture(grads)], steps: 2 });
      const mask = maskArray(pruner, 'torso/dense/kernel');
      expect(grads.get('torso/dense/kernel')!.every((v, i) => (mask[i] === 0 ? v === 0 : v !== 0))).toBe(true);
      expect(grads.get('torso/dense/bias')!.every((v) => v !== 0)).toBe(true);
      pruner.dispose();
    });
  });

  describe('.metrics', () => {
    it('should report measured sparsity, target and per-layer values', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 0, distribution: 'uniform' });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 1 });
      const m = pruner.metrics();
      expect(m['pruning/target']).toBe(0.9);
      expect(m['pruning/sparsity']).toBeCloseTo(0.9, 2);
      expect(m['pruning/layer/torso/dense/kernel/sparsity']).toBeCloseTo(0.9, 3);
      expect(m['pruning/total_sparsity']).toBeLessThan(m['pruning/sparsity']!);
      expect(m['pruning/mask_updates']).toBe(1);
      pruner.dispose();
    });
  });

  describe('.restore', () => {
    it("should refuse another pruner's state or masks that do not fit", () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 0 });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 1 });
      const state = pruner.state();
      const other = new GradualMagnitudePruner({ name: 'other', startStep: 0, endStep: 0 });
      expect(() => other.restore(state)).toThrow(/other\.restore\(state\)\.name: expected the state of a "other" pruner, got "gmp"/);
      const wrong = { ...state, masks: { ...state.masks, 'torso/dense/kernel': { shape: [2, 2], dtype: 'bool', values: new Uint8Array(4) } } };
      expect(() => pruner.restore(wrong)).toThrow(StateError);
      const before = maskArray(pruner, 'torso/dense/kernel').slice();
      expect(Array.from(maskArray(pruner, 'torso/dense/kernel'))).toEqual(Array.from(before));
      pruner.dispose();
      other.dispose();
    });

    it('should start afresh from a state taken before its first hook call (a checkpoint during the replay warm-up)', () => {
      const untouched = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 2, updateFrequency: 1 });
      const early = untouched.state();
      const resumed = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 2, updateFrequency: 1 });
      resumed.restore(early);
      const reference = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 2, updateFrequency: 1 });
      const twin = createToyParameters(SPECS, { seed: 5 });
      runHookedUpdates({ parameters, hooks: [resumed], steps: 3 });
      runHookedUpdates({ parameters: twin, hooks: [reference], steps: 3 });
      parameters.forEach((p, i) => expect(Array.from(p.variable.dataSync())).toEqual(Array.from(twin[i]!.variable.dataSync())));
      expect(resumed.state().maskUpdates).toBe(reference.state().maskUpdates);
      disposeParameters(twin);
      for (const p of [untouched, resumed, reference]) p.dispose();
    });
  });

  describe('.metrics after a restore', () => {
    it('should report the saved metrics until its first hook call, then measure again', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 4, updateFrequency: 1 });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 3 });
      const saved = pruner.metrics();
      expect(saved['pruning/sparsity']).toBeGreaterThan(0);
      const resumed = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 4, updateFrequency: 1 });
      expect(resumed.metrics()['pruning/sparsity']).toBe(0); // knows no parameters yet
      resumed.restore(pruner.state());
      expect(resumed.metrics()).toEqual(saved);
      expect(resumed.sparsity()).toEqual(pruner.sparsity());
      // Checkpointed again before its first hook call, it keeps the restored counters.
      expect(resumed.state()).toMatchObject({ step: 3, maskUpdates: pruner.state().maskUpdates, report: pruner.sparsity() });
      // A state without a report (written before reports were saved) still restores.
      const { report: _dropped, ...older } = pruner.state();
      const fromOlder = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 4, updateFrequency: 1 });
      expect(() => fromOlder.restore(older)).not.toThrow();
      expect(() => fromOlder.restore({ ...older, report: { overall: 'high' } as never })).toThrow(StateError);
      pruner.dispose();
      resumed.dispose();
      fromOlder.dispose();
    });
  });

  describe('.dispose', () => {
    it('should free its masks', () => {
      const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 0 });
      runHookedUpdates({ parameters, hooks: [pruner], steps: 1 });
      const before = tf.memory().numTensors;
      pruner.dispose();
      expect(tf.memory().numTensors).toBe(before - KERNELS.length);
    });
  });
});

describe('MaskedPruner (through GradualMagnitudePruner)', () => {
  it('should follow a network whose parameters are handed anew, e.g. rebuilt on restore', () => {
    const first = createToyParameters(SPECS, { seed: 1 });
    const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 0 });
    runHookedUpdates({ parameters: first, hooks: [pruner], steps: 2 });
    const rebuilt = createToyParameters(SPECS, { seed: 2 }); // new variables, same names and shapes
    runHookedUpdates({ parameters: rebuilt, hooks: [pruner], steps: 1, startStep: 2 });
    expect(pruner.sparsity().overall).toBeCloseTo(0.9, 2);
    const other = createToyParameters([{ name: 'torso/conv1/kernel', shape: [1, 1, 1, 1] }], { seed: 3 });
    expect(() => runHookedUpdates({ parameters: other, hooks: [pruner], steps: 1, startStep: 3 })).toThrow(StateError);
    pruner.dispose();
    disposeParameters([...first, ...rebuilt, ...other]);
  });
});
