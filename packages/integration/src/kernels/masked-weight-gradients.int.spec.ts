import { createOptimizer, type DQNAgent, type OptimizerConfig } from '@prunerl/agents';
import { initBackend } from '@prunerl/backend';
import { Rng, StateError, withWeightGradients, type NamedGradients, type Optimizer, type UpdateHook, type WeightGradients } from '@prunerl/core';
import { conv2dLayer } from '@prunerl/networks';
import { GradualMagnitudePruner, MaskedPruner, RigLPruner, StaticSparsePruner } from '@prunerl/pruning';
import { agentPreset } from '@prunerl/runner';
import { outputAndGradients } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { minatarDqn } from '../support/minatar-dqn';

/**
 * Masked weight gradients end to end (core's `WeightGradients`): a DQN agent on the MinAtar CNN
 * computes the gradients of pruned weights only when every hook says its zeros hold (GMP, static
 * sparse training), and dense ones when a hook asks (RigL, whose grow step scores pruned weights'
 * gradients) or does not say.
 */

/** Records, per update, how many gradient entries of zero weights are nonzero (before later hooks change them). */
class GradientSpy implements UpdateHook {
  readonly name = 'spy';
  readonly zeroWeightGradients: number[] = [];
  readonly keptWeightGradients: number[] = [];

  constructor(private readonly answer: WeightGradients | undefined) {}

  weightGradients(): WeightGradients {
    return this.answer ?? 'dense';
  }

  transformGradients(gradients: NamedGradients, context: Parameters<NonNullable<UpdateHook['transformGradients']>>[1]): NamedGradients {
    let zero = 0;
    let kept = 0;
    for (const p of context.parameters) {
      if (p.variable.rank < 2) continue;
      const w = p.variable.dataSync();
      const g = gradients.get(p.name)!.dataSync();
      for (let i = 0; i < w.length; i++) {
        if (g[i] === 0) continue;
        if (w[i] === 0) zero++;
        else kept++;
      }
    }
    this.zeroWeightGradients.push(zero);
    this.keptWeightGradients.push(kept);
    return gradients;
  }

  afterUpdate(): void {}
}

function agentWith(hooks: UpdateHook[]): DQNAgent {
  return minatarDqn('minatar-cnn', 1, hooks, 4);
}

describe('masked weight gradients in a DQN update (wasm)', () => {
  beforeAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should skip the gradients of pruned weights under GMP once its masks are set, and leak nothing', () => {
    const spy = new GradientSpy('kept');
    const agent = agentWith([spy, new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })]);
    for (let i = 0; i < 3; i++) agent.update();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) agent.update();
    expect(tf.memory().numTensors).toBe(tensors);
    // Update 0 sees dense weights; from update 1 on 95% of the kernels are zero, their gradients exactly zero.
    expect(spy.zeroWeightGradients.slice(1)).toEqual([0, 0, 0, 0, 0]);
    expect(Math.min(...spy.keptWeightGradients)).toBeGreaterThan(1000);
    agent.dispose();
  });

  it('should skip them under static sparse training from the first update its mask is on', () => {
    const spy = new GradientSpy('kept');
    const agent = agentWith([spy, new StaticSparsePruner({ sparsity: 0.9, seed: 1 })]);
    for (let i = 0; i < 3; i++) agent.update();
    expect(spy.zeroWeightGradients.slice(1)).toEqual([0, 0]);
    agent.dispose();
  });

  it('should give RigL, which asks for dense gradients, the gradients of pruned weights', () => {
    const spy = new GradientSpy('kept');
    const rigl = new RigLPruner({ sparsity: 0.9, updateFrequency: 2, startStep: 1, endStep: 10, seed: 1 });

    const agent = agentWith([spy, rigl]);
    for (let i = 0; i < 3; i++) agent.update();

    expect(Math.min(...spy.zeroWeightGradients.slice(1))).toBeGreaterThan(1000);
    agent.dispose();
  });

  it('should keep dense gradients when any hook does not say kept', () => {
    const spy = new GradientSpy(undefined);
    const agent = agentWith([spy, new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })]);
    for (let i = 0; i < 3; i++) agent.update();
    expect(Math.min(...spy.zeroWeightGradients.slice(1))).toBeGreaterThan(1000);
    agent.dispose();
  });
});

/** `value` with every property named `key` left out (typed arrays as they are). */
function withoutKey(value: unknown, key: string): unknown {
  if (ArrayBuffer.isView(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutKey(v, key));
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key).map(([k, v]) => [k, withoutKey(v, key)]));
}

/** `config`'s optimiser (default: the preset's Adam) with `keepsZeros` hidden: pruners must re-mask after every update. */
function withoutZeroPromise(config: OptimizerConfig = agentPreset('minatar', 'dqn').optimizer): Optimizer {
  const adam = createOptimizer(config);
  return {
    kind: adam.kind,
    get iterations() {
      return adam.iterations;
    },
    apply: (gradients, parameters) => adam.apply(gradients, parameters),
    resetSlots: (name, mask) => adam.resetSlots(name, mask),
    state: () => adam.state(),
    restore: (state, parameters) => adam.restore(state, parameters),
    dispose: () => adam.dispose(),
  };
}

describe('re-masking after updates with kept gradients (wasm)', () => {
  beforeAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  /** Runs `updates` updates; `skipped`: per update of the last 4, the parameters re-masking skipped. */
  const run = (optimizer: Optimizer | undefined, updates: number): { agent: DQNAgent; gmp: GradualMagnitudePruner; skipped: string[][] } => {
    const gmp = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 3, updateFrequency: 1 });
    const agent = minatarDqn('minatar-cnn', 1, [gmp], 4, 200, optimizer);
    const applyMasks = jest.spyOn(MaskedPruner.prototype as unknown as { applyMasks(skip?: ReadonlySet<string>): void }, 'applyMasks');
    try {
      for (let i = 0; i < updates - 4; i++) agent.update();
      const before = applyMasks.mock.calls.length;
      for (let i = 0; i < 4; i++) agent.update();
      return { agent, gmp, skipped: applyMasks.mock.calls.slice(before).map(([skip]) => [...(skip ?? [])].sort()) };
    } finally {
      applyMasks.mockRestore();
    }
  };

  it('should skip re-masking once masks are fixed and slots cleared (Adam keeps zeros), with the same bits as re-masking every update', () => {
    const skipping = run(undefined, 10);
    const masking = run(withoutZeroPromise(), 10);
    // Masks change before updates 0-3; from then on the kept gradients leave pruned weights at +0.
    const kernels = skipping.agent.online.parameters().filter((p) => p.variable.rank > 1).map((p) => p.name).sort();
    expect(kernels.length).toBeGreaterThanOrEqual(3);
    expect(skipping.skipped).toEqual([kernels, kernels, kernels, kernels]);
    expect(masking.skipped).toEqual([[], [], [], []]);
    // The same weights, moments and masks bit for bit; only the pruner's record of its slots differs.
    expect(withoutKey(skipping.agent.state(), 'prunedSlotsZero')).toEqual(withoutKey(masking.agent.state(), 'prunedSlotsZero'));
    let zeros = 0;
    for (const p of skipping.agent.online.parameters()) {
      for (const v of p.variable.dataSync()) {
        if (v !== 0) continue;
        zeros++;
        expect(Object.is(v, 0)).toBe(true);
      }
    }
    expect(zeros).toBeGreaterThan(1000);
    expect([...(skipping.gmp.state().prunedSlotsZero ?? [])].sort()).toEqual(kernels);
    for (const r of [skipping, masking]) {
      r.agent.dispose();
      r.gmp.dispose();
    }
  });

  /** Final agent states of 12 updates under GMP (masks every 3 updates until update 8), skipping where it may or re-masking always. */
  const statesOf = (config: OptimizerConfig | undefined, resumeAt?: number): unknown[] => {
    const make = (optimizer: Optimizer | undefined): { agent: DQNAgent; gmp: GradualMagnitudePruner } => {
      const gmp = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 8, updateFrequency: 3 });
      return { agent: minatarDqn('minatar-cnn', 1, [gmp], 4, 200, optimizer), gmp };
    };
    const plain = config === undefined ? undefined : createOptimizer(config);
    const runs = [make(plain), make(withoutZeroPromise(config))];
    const states = runs.map(({ agent }, i) => {
      if (i === 0 && resumeAt !== undefined) {
        for (let k = 0; k < resumeAt; k++) agent.update();
        // A fresh agent (a new process) continues from the checkpoint.
        const saved = agent.state();
        const fresh = make(config === undefined ? undefined : createOptimizer(config));
        fresh.agent.restore(saved);
        for (let k = resumeAt; k < 12; k++) fresh.agent.update();
        const state = withoutKey(fresh.agent.state(), 'prunedSlotsZero');
        fresh.agent.dispose();
        fresh.gmp.dispose();
        return state;
      }
      for (let k = 0; k < 12; k++) agent.update();
      return withoutKey(agent.state(), 'prunedSlotsZero');
    });
    for (const r of runs) {
      r.agent.dispose();
      r.gmp.dispose();
    }
    return states;
  };

  it.each([
    ['Adam', undefined],
    ['RMSProp', { kind: 'rmsprop', learningRate: 2.5e-4 } as OptimizerConfig],
    ['centered RMSProp with momentum', { kind: 'rmsprop-centered', learningRate: 2.5e-4, momentum: 0.9 } as OptimizerConfig],
  ])('%s: masks changing every 3 updates between skipped stretches give the bits of re-masking always', (_, config) => {
    const [skipping, masking] = statesOf(config);
    expect(skipping).toEqual(masking);
  });

  it('should skip re-masking under static sparse training too, whose gradient masking passes kept gradients on unchanged', () => {
    const pruner = new StaticSparsePruner({ sparsity: 0.9, seed: 1 });
    const agent = minatarDqn('minatar-cnn', 1, [pruner], 4);
    const applyMasks = jest.spyOn(MaskedPruner.prototype as unknown as { applyMasks(skip?: ReadonlySet<string>): void }, 'applyMasks');
    try {
      for (let i = 0; i < 4; i++) agent.update();
      const kernels = agent.online.parameters().filter((p) => p.variable.rank > 1).map((p) => p.name).sort();
      const last = applyMasks.mock.calls.at(-1)![0];
      expect([...(last ?? [])].sort()).toEqual(kernels);
    } finally {
      applyMasks.mockRestore();
      agent.dispose();
      pruner.dispose();
    }
  });

  it('should continue a checkpoint taken mid-stretch in a fresh agent with the bits of an uninterrupted run', () => {
    const [resumed, uninterrupted] = statesOf(undefined, 7);
    expect(resumed).toEqual(uninterrupted);
  });

  it('should re-mask after an update whose gradients were dense, and refuse a state whose prunedSlotsZero is not a list of names', () => {
    const spy = new GradientSpy(undefined);
    const gmp = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 });
    const agent = minatarDqn('minatar-cnn', 1, [spy, gmp], 4);
    for (let i = 0; i < 4; i++) agent.update();
    expect(gmp.state().prunedSlotsZero).toEqual([]);
    const fresh = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 });
    expect(() => fresh.restore({ ...gmp.state(), prunedSlotsZero: 'yes' })).toThrow(StateError);
    agent.dispose();
    gmp.dispose();
    fresh.dispose();
  });
});

describe('masked weight gradients without the sparse kernels (cpu)', () => {
  beforeAll(async () => {
    await initBackend({ name: 'cpu' });
  });
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should mask the dense filter gradient', () => {
    const rng = Rng.fromSeed(8);
    const x = tf.tensor4d(rng.fillNormal(new Float32Array(8 * 6 * 6 * 4)), [8, 6, 6, 4]);
    const w = rng.fillNormal(new Float32Array(3 * 3 * 4 * 8)).map((v, i) => (i % 3 === 0 ? v : 0));
    const filter = tf.tensor4d(w, [3, 3, 4, 8]);
    const bias = tf.zeros([8]) as tf.Tensor1D;
    const f = (xi: tf.Tensor, fi: tf.Tensor): tf.Tensor => conv2dLayer(xi as tf.Tensor4D, fi as tf.Tensor4D, bias, { strides: 1, pad: 'same', activation: 'relu' });
    const dense = outputAndGradients(f, [x, filter])[2]!;
    const kept = withWeightGradients('kept', () => outputAndGradients(f, [x, filter]))[2]!;
    expect(Array.from(kept)).toEqual(Array.from(dense).map((v, i) => (w[i] === 0 ? 0 : v)));
    tf.dispose([x, filter, bias]);
  });
});
