import type { DQNAgent } from '@prunerl/agents';
import { initBackend } from '@prunerl/backend';
import { Rng, withWeightGradients, type NamedGradients, type UpdateHook, type WeightGradients } from '@prunerl/core';
import { conv2dLayer } from '@prunerl/networks';
import { GradualMagnitudePruner, RigLPruner, StaticSparsePruner } from '@prunerl/pruning';
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
