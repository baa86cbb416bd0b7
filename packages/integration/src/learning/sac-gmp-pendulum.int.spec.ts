/**
 * SAC with gradual magnitude pruning to 90% learns Pendulum-v1: one pruner masks the actor and both
 * critics (ERK distribution, as the rigl SAC runs, output layers included) from 10% to 40% of SAC's
 * planned gradient steps, and an evaluation counts only once the schedule has reached 90%. On this
 * machine (wasm, one core) the (128, 128) networks solve at 9,000 steps in about 55 s.
 */
import type { QNetwork } from '@prunerl/core';
import { Rng } from '@prunerl/core';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';
import { learnPendulum } from '../support/pendulum-learning';

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
    const masks = pruner.masks();
    const prefixes = new Set<string>();
    let nonzeroPruned = 0;
    let pruned = 0;
    const countNonzeroPruned = (network: QNetwork, prefix: string): void => {
      for (const p of network.parameters()) {
        const mask = masks.get(`${prefix}/${p.name}`);
        if (!mask) continue;
        prefixes.add(prefix);
        const values = p.variable.dataSync();
        mask.dataSync().forEach((keep, i) => {
          if (keep !== 0) return;
          pruned++;
          if (values[i] !== 0) nonzeroPruned++;
        });
      }
    };
    countNonzeroPruned(agent.actor, 'actor');
    agent.critics.forEach((critic, i) => countNonzeroPruned(critic, `critic${i + 1}`));
    agent.targetCritics.forEach((target, i) => countNonzeroPruned(target, `critic${i + 1}`));
    expect([...prefixes]).toEqual(['actor', 'critic1', 'critic2']);
    expect(masks.size).toBe(9);
    expect(pruned).toBeGreaterThan(0);
    expect(nonzeroPruned).toBe(0);
    agent.dispose();
  }, 600_000);
});
