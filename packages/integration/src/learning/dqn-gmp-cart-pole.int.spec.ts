/**
 * DQN with gradual magnitude pruning to 90% learns CartPole-v1: the pruner runs from 10% to 40% of the
 * run's planned updates (so the final sparse network has most of the 50,000-step budget left), and
 * an evaluation counts only once the measured sparsity has reached 90%. The pruner is attached as a
 * plain `UpdateHook`; the agent does not know it is pruned.
 */
import { Rng } from '@prunerl/core';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';
import { learnCartPole } from '../support/cart-pole-learning';

describe('DQNAgent + GradualMagnitudePruner on CartPole-v1', () => {
  afterEach(() => tf.disposeVariables());

  it('should reach a mean evaluation return >= 195 within 50,000 steps at 90% sparsity', () => {
    const pruner = new GradualMagnitudePruner({
      sparsity: 0.9,
      startFraction: 0.1,
      endFraction: 0.4,
      updateFrequency: 250,
      rng: Rng.fromSeed(0).split('pruning'),
    });
    // Counts only after the schedule's last mask update (its target is then exactly 0.9).
    const reached = (): boolean => Math.abs(pruner.sparsity().target - 0.9) < 1e-9;
    const run = learnCartPole({ agent: 'dqn', seed: 0, hooks: [pruner], countsWhen: reached });
    const report = pruner.sparsity();
    console.log(
      `DQN + GMP 90% CartPole evaluations: ${run.evaluations.map((e) => `${e.step}:${e.meanReturn.toFixed(1)}`).join(' ')}; ` +
        `sparsity ${report.overall.toFixed(4)} (target ${report.target}), total incl. biases ${report.total.toFixed(4)}`,
    );
    expect(run.evaluations[0]!.meanReturn).toBeLessThan(195);
    expect(run.solvedAt).toBeDefined();
    expect(run.solvedAt!).toBeLessThanOrEqual(50_000);
    expect(report.overall).toBeCloseTo(0.9, 3);
    expect(report.target).toBeCloseTo(0.9, 6);
    // Pruned weights are exactly zero in the network the agent acts with.
    const byName = new Map(run.agent.online.parameters().map((p) => [p.name, p.variable]));
    let nonzeroPruned = 0;
    for (const [name, mask] of pruner.masks()) {
      const values = byName.get(name)!.dataSync();
      mask.dataSync().forEach((keep, i) => {
        if (keep === 0 && values[i] !== 0) nonzeroPruned++;
      });
    }
    expect(nonzeroPruned).toBe(0);
    run.agent.dispose();
  }, 600_000);
});
