/**
 * SAC with gradual magnitude pruning to 90% learns Pendulum-v1: one pruner masks the actor and both
 * critics (ERK distribution, as the rigl SAC runs, output layers included) from 10% to 40% of SAC's
 * planned gradient steps, and an evaluation counts only once the schedule has reached 90%. On this
 * machine (wasm, one core) the (128, 128) networks solve at 9,000 steps in about 55 s.
 */
import { Rng } from '@prunerl/core';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';
import { learnPendulum } from '../support/pendulum-learning';
import { countPrunedWeights } from '../support/pruned-weights';

describe('SACAgent + GradualMagnitudePruner on Pendulum-v1', () => {
  afterEach(() => tf.disposeVariables());

  it('should reach a mean evaluation return above -250 within 20,000 steps at 90% sparsity, masks holding on every network', () => {
    const pruner = new GradualMagnitudePruner({
      sparsity: 0.9,
      startFraction: 0.1,
      endFraction: 0.4,
      updateFrequency: 250,
      distribution: 'erk',
      rng: Rng.fromSeed(0).split('pruning'),
    });
    const reached = (): boolean => Math.abs(pruner.sparsity().target - 0.9) < 1e-9;
    const run = learnPendulum({ seed: 0, hooks: [pruner], countsWhen: reached, hiddenSizes: [128, 128] });
    const report = pruner.sparsity();
    console.log(
      `SAC + GMP 90% Pendulum evaluations: ${run.evaluations.map((e) => `${e.step}:${e.meanReturn.toFixed(1)}`).join(' ')}; ` +
        `sparsity ${report.overall.toFixed(4)} (target ${report.target})`,
    );
    expect(run.solvedAt).toBeDefined();
    expect(run.solvedAt!).toBeLessThanOrEqual(20_000);
    expect(report.overall).toBeCloseTo(0.9, 3);
    // Every pruned weight is exactly zero in the actor, both critics and both target critics.
    const { agent } = run;
    const count = countPrunedWeights(pruner.masks(), [
      [agent.actor, 'actor'],
      ...agent.critics.map((critic, i) => [critic, `critic${i + 1}`] as const),
      ...agent.targetCritics.map((target, i) => [target, `critic${i + 1}`] as const),
    ]);
    expect(count.prefixes).toEqual(['actor', 'critic1', 'critic2']);
    expect(pruner.masks().size).toBe(9);
    expect(count.pruned).toBeGreaterThan(0);
    expect(count.nonzeroPruned).toBe(0);
    agent.dispose();
  }, 600_000);
});
