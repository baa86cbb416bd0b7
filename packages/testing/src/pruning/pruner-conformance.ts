import type { Optimizer, Parameter, Pruner, UpdateHook } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { check, checkThrows, testGlobals } from '../conformance/test-api';
import { expectNoTensorLeak } from '../tensor-leak';
import { runHookedUpdates } from './run-hooked-updates';
import { SimpleOptimizer } from './simple-optimizer';
import { createToyParameters, disposeParameters, snapshotParameters, type ToyParameterSpec } from './toy-parameters';

/** What a pruner factory receives from the suite. */
export interface PrunerSetup {
  /** Build every random part of the pruner from this seed. */
  readonly seed: number;
  /** The run length the suite uses (also reported as `UpdateContext.totalUpdates`). */
  readonly totalUpdates: number;
}

/** Builds a fresh pruner. It must change its masks within `totalUpdates` updates. */
export type PrunerFactory = (setup: PrunerSetup) => Pruner;

/** Options of {@link prunerConformance}. */
export interface PrunerConformanceOptions {
  /** Updates per run. Default 40. */
  readonly steps?: number;
  /** The parameters to prune. Default: a conv kernel, two dense kernels and their biases. */
  readonly parameters?: readonly ToyParameterSpec[];
  /** The optimiser of each run. Default `new SimpleOptimizer({ kind: 'adam', learningRate: 1e-2 })`. */
  readonly optimizer?: () => Optimizer;
  /** Seed handed to the factory. Default 7. */
  readonly seed?: number;
}

/** One check of the suite, runnable on its own. */
export interface ConformanceCheck {
  readonly name: string;
  run(): Promise<void>;
}

const DEFAULT_SPECS: readonly ToyParameterSpec[] = [
  { name: 'torso/conv/kernel', shape: [3, 3, 2, 8] },
  { name: 'torso/conv/bias', shape: [8] },
  { name: 'torso/dense/kernel', shape: [32, 24] },
  { name: 'torso/dense/bias', shape: [24] },
  { name: 'head/dense/kernel', shape: [24, 4] },
  { name: 'head/dense/bias', shape: [4] },
];

interface Run {
  readonly parameters: Parameter[];
  readonly pruner: Pruner;
  readonly optimizer: Optimizer;
  dispose(): void;
}

/**
 * The checks of {@link prunerConformance} as plain async functions (each throws a
 * `ConformanceError` on failure), for runners without `describe`/`it` or to run one check alone.
 */
export function prunerConformanceChecks(factory: PrunerFactory, options: PrunerConformanceOptions = {}): ConformanceCheck[] {
  const steps = options.steps ?? 40;
  const specs = options.parameters ?? DEFAULT_SPECS;
  const seed = options.seed ?? 7;
  const makeOptimizer = options.optimizer ?? (() => new SimpleOptimizer({ kind: 'adam', learningRate: 1e-2 }));
  const setup: PrunerSetup = { seed, totalUpdates: steps };

  const start = (): Run => {
    const parameters = createToyParameters(specs, { seed: 11 });
    const optimizer = makeOptimizer();
    const pruner = factory(setup);
    return {
      parameters,
      pruner,
      optimizer,
      dispose: () => {
        pruner.dispose?.();
        optimizer.dispose();
        disposeParameters(parameters);
      },
    };
  };
  const run = (r: Run, count: number, startStep = 0, extra: UpdateHook[] = [], keptGradients = false): void => {
    runHookedUpdates({ parameters: r.parameters, hooks: [r.pruner, ...extra], steps: count, startStep, totalUpdates: steps, optimizer: r.optimizer, seed: 3, keptGradients });
  };
  const maskValues = (pruner: Pruner): Map<string, Float32Array> =>
    new Map([...pruner.masks()].map(([name, mask]) => [name, Float32Array.from(mask.dataSync() as Float32Array)]));
  const sameArrays = (a: Map<string, Float32Array>, b: Map<string, Float32Array>, what: string): void => {
    check(a.size === b.size && [...a.keys()].every((k) => b.has(k)), () => `${what}: different names (${[...a.keys()]} vs ${[...b.keys()]})`);
    for (const [name, values] of a) {
      const other = b.get(name)!;
      const i = values.findIndex((v, j) => !Object.is(v, other[j]));
      check(values.length === other.length && i < 0, () => `${what}: ${name} differs at index ${i} (${values[i]} vs ${other[i]})`);
    }
  };

  /**
   * After every update, each mask is 0/1 and shaped like its parameter, and masked weights are zero;
   * with `keptGradients` the updates run as an agent's with kept-gradient kernels (a probe hook says
   * `kept`, so the pruner's answer decides), where a pruner may skip re-masking.
   */
  const maskedZerosCheck = (name: string, keptGradients: boolean): ConformanceCheck => ({
    name,
    run: async () => {
      const r = start();
      const shapes = new Map(r.parameters.map((p) => [p.name, p.variable.shape]));
      const probe: UpdateHook = {
        name: 'conformance-probe',
        ...(keptGradients ? { weightGradients: () => 'kept' as const } : {}),
        afterUpdate: (context) => {
          for (const [name, mask] of r.pruner.masks()) {
            check(shapes.has(name), () => `masks() names "${name}", which is not a parameter`);
            check(mask.shape.join() === shapes.get(name)!.join(), () => `mask of ${name} has shape [${mask.shape}], its parameter [${shapes.get(name)}]`);
            const m = mask.dataSync();
            const w = r.parameters.find((p) => p.name === name)!.variable.dataSync();
            for (let i = 0; i < m.length; i++) {
              check(m[i] === 0 || m[i] === 1, () => `mask of ${name} holds ${m[i]} at ${i}; masks are 0/1`);
              check(m[i] === 1 || w[i] === 0, () => `after update ${context.step}${keptGradients ? ' (kept gradients)' : ''}, ${name}[${i}] = ${w[i]} although its mask is 0`);
            }
          }
        },
      };
      try {
        run(r, steps, 0, [probe], keptGradients);
        const zeros = [...r.pruner.masks().values()].reduce((a, m) => a + m.size - (tf.tidy(() => tf.sum(m).dataSync()[0]) as number), 0);
        check(zeros > 0, `no weight was pruned in ${steps} updates: configure the factory so the pruner prunes within setup.totalUpdates`);
      } finally {
        r.dispose();
      }
    },
  });

  return [
    {
      name: 'should have a name and the hook methods',
      run: async () => {
        const r = start();
        try {
          check(typeof r.pruner.name === 'string' && r.pruner.name.length > 0, `name must be a non-empty string, got ${String(r.pruner.name)}`);
          check(typeof r.pruner.afterUpdate === 'function', 'afterUpdate must be a function');
          check(typeof r.pruner.masks === 'function' && typeof r.pruner.sparsity === 'function', 'masks() and sparsity() must be functions');
        } finally {
          r.dispose();
        }
      },
    },
    maskedZerosCheck('should keep masked weights exactly zero after every update', false),
    maskedZerosCheck('should keep masked weights exactly zero after every update with kept gradients (where re-masking may be skipped)', true),
    {
      name: 'should report the sparsity it measures on the weights',
      run: async () => {
        const r = start();
        try {
          run(r, steps);
          const report = r.pruner.sparsity();
          const masks = r.pruner.masks();
          check(report.layers.length === masks.size && report.layers.every((l) => masks.has(l.name)), () => `report layers (${report.layers.map((l) => l.name)}) must be the masked parameters (${[...masks.keys()]})`);
          let size = 0;
          let nonzero = 0;
          for (const layer of report.layers) {
            const values = r.parameters.find((p) => p.name === layer.name)!.variable.dataSync() as Float32Array;
            const measured = values.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
            check(layer.size === values.length, () => `${layer.name}: reported size ${layer.size}, actual ${values.length}`);
            check(layer.nonzero === measured, () => `${layer.name}: reported ${layer.nonzero} nonzero weights, measured ${measured}`);
            check(Math.abs(layer.sparsity - (1 - measured / values.length)) < 1e-12, () => `${layer.name}: reported sparsity ${layer.sparsity}, measured ${1 - measured / values.length}`);
            check(layer.target >= 0 && layer.target <= 1, () => `${layer.name}: target ${layer.target} outside [0, 1]`);
            size += values.length;
            nonzero += measured;
          }
          check(report.size === size && report.nonzero === nonzero, () => `overall counts ${report.nonzero}/${report.size}, measured ${nonzero}/${size}`);
          check(Math.abs(report.overall - (1 - nonzero / size)) < 1e-12, () => `overall sparsity ${report.overall}, measured ${1 - nonzero / size}`);
          const all = r.parameters.reduce((a, p) => a + p.variable.size, 0);
          const allNonzero = r.parameters.reduce((a, p) => a + (p.variable.dataSync() as Float32Array).reduce((b, v) => b + (v !== 0 ? 1 : 0), 0), 0);
          check(Math.abs(report.total - (1 - allNonzero / all)) < 1e-12, () => `total sparsity ${report.total}, measured over all parameters ${1 - allNonzero / all}`);
          check(report.target >= 0 && report.target <= 1, () => `target ${report.target} outside [0, 1]`);
        } finally {
          r.dispose();
        }
      },
    },
    {
      name: 'should continue identically after state() and restore()',
      run: async () => {
        const half = Math.floor(steps / 2);
        const a = start();
        const b = start();
        try {
          run(a, half);
          const weights = snapshotParameters(a.parameters);
          const optimizerState = a.optimizer.state();
          const state = structuredClone(a.pruner.state?.());
          check(state !== undefined, 'state() must return the pruner state (masks and counters)');
          run(a, steps - half, half);
          tf.tidy(() => {
            for (const p of b.parameters) p.variable.assign(tf.tensor(weights.get(p.name)!, p.variable.shape));
          });
          b.optimizer.restore(optimizerState, b.parameters);
          check(typeof b.pruner.restore === 'function', 'restore() must exist');
          b.pruner.restore!(state);
          run(b, steps - half, half);
          sameArrays(maskValues(a.pruner), maskValues(b.pruner), 'masks after resuming');
          sameArrays(snapshotParameters(a.parameters), snapshotParameters(b.parameters), 'weights after resuming');
        } finally {
          a.dispose();
          b.dispose();
        }
      },
    },
    {
      name: 'should refuse a state that is not its own',
      run: async () => {
        const r = start();
        try {
          await checkThrows(() => r.pruner.restore?.({ not: 'a pruner state' }), { name: 'StateError' }, 'restore(garbage)');
        } finally {
          r.dispose();
        }
      },
    },
    {
      name: 'should not leak tensors',
      run: async () => {
        const before = tf.memory().numTensors;
        const r = start();
        try {
          run(r, 2); // optimiser slots (and usually the masks) are created here
          const masksBefore = r.pruner.masks().size;
          const tensorsBefore = tf.memory().numTensors;
          run(r, steps - 2, 2);
          // A pruner may create its masks later (e.g. at its first pruning step): those may stay.
          const created = r.pruner.masks().size - masksBefore;
          const grown = tf.memory().numTensors - tensorsBefore - created;
          check(grown <= 0, `${r.pruner.name} leaked ${grown} tensor(s) over ${steps - 2} updates`);
          await expectNoTensorLeak(
            () => {
              r.pruner.sparsity();
              r.pruner.metrics?.();
              r.pruner.state?.();
            },
            { label: `${r.pruner.name}.sparsity(), metrics() and state()` },
          );
        } finally {
          r.dispose();
        }
        const left = tf.memory().numTensors - before;
        check(left <= 0, `${left} tensor(s) remain after dispose(): the pruner must free its masks`);
      },
    },
    {
      name: 'should be deterministic under a seed',
      run: async () => {
        const a = start();
        const b = start();
        try {
          run(a, steps);
          run(b, steps);
          sameArrays(maskValues(a.pruner), maskValues(b.pruner), 'masks of two runs with one seed');
          sameArrays(snapshotParameters(a.parameters), snapshotParameters(b.parameters), 'weights of two runs with one seed');
        } finally {
          a.dispose();
          b.dispose();
        }
      },
    },
  ];
}

/**
 * The conformance suite every pruner should pass, ours and third-party ones. Call it at the top
 * level of a jest, vitest or mocha test file; it declares `describe(name)` with one test per check:
 *
 * - the pruner has a name and the hook methods;
 * - after every update, weights whose mask is 0 are exactly 0, masks are 0/1 with the parameter's
 *   shape, and something was pruned by the end of the run;
 * - `sparsity()` reports what is measured on the weights (per layer, overall, total);
 * - `state()` survives `structuredClone` and `restore()` on a fresh pruner continues the run
 *   bit-identically (masks and weights);
 * - `restore()` of a foreign object throws a `StateError`;
 * - no tensor leaks over updates, reporting and state, and none are left after `dispose()`;
 * - two runs with the same seed give identical masks and weights.
 *
 * Runs use {@link runHookedUpdates} on small toy parameters (`steps` updates, default 40, also
 * given to the factory as `totalUpdates`).
 *
 * @example
 * ```ts
 * prunerConformance('GradualMagnitudePruner', ({ seed, totalUpdates }) =>
 *   new GradualMagnitudePruner({ sparsity: 0.9, totalUpdates, updateFrequency: 5, seed }));
 * ```
 */
export function prunerConformance(name: string, factory: PrunerFactory, options: PrunerConformanceOptions = {}): void {
  const { describe, it } = testGlobals();
  describe(`${name} (pruner conformance)`, () => {
    for (const c of prunerConformanceChecks(factory, options)) it(c.name, () => c.run(), 60_000);
  });
}
