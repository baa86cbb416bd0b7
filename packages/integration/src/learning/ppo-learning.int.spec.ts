/**
 * PPO learns (the PPO learning tests of issue 24), with fixed seeds and deterministic `eval` actions
 * (5 episodes per evaluation):
 * - Pendulum-v1 (a `Box` action, Gaussian policy): above -400 within 40,000 steps (untrained: about
 *   -1,350), with RL Zoo's Pendulum PPO values where they differ from the MuJoCo defaults (1,024-step
 *   rollouts, gamma 0.9, learning rate 1e-3; one environment, no gSDE).
 * - CartPole-v1 (a `Discrete` action, categorical policy) with GMP 90% on the policy and value networks (pruning from 10% to 40% of PPO's planned gradient steps; an evaluation counts once
 *   the schedule has reached 90%): above 400 within 30,000 steps.
 */
import { Rng } from '@prunerl/core';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';
import { learnWithPPO } from '../support/ppo-learning';
import { countPrunedWeights } from '../support/pruned-weights';

const describeRun = (name: string, evaluations: readonly { step: number; meanReturn: number }[]): void =>
  console.log(`${name} evaluations: ${evaluations.map((e) => `${e.step}:${e.meanReturn.toFixed(1)}`).join(' ')}`);

describe('PPOAgent learning', () => {
  afterEach(() => tf.disposeVariables());

  it('should reach a mean evaluation return above -400 on Pendulum-v1 within 40,000 steps', () => {
    const run = learnWithPPO({ envId: 'Pendulum-v1', seed: 0, maxSteps: 40_000, evalEvery: 5_000, threshold: -400, learningRate: 1e-3, ppo: { rolloutSteps: 1_024, discount: 0.9 } });
    describeRun('PPO Pendulum', run.evaluations);
    expect(run.evaluations[0]!.meanReturn).toBeLessThan(-1_000);
    expect(run.solvedAt).toBeDefined();
    run.agent.dispose();
  }, 600_000);

  it('should learn CartPole-v1 at 90% sparsity, masks holding on the policy and value networks', () => {
    const pruner = new GradualMagnitudePruner({ sparsity: 0.9, startFraction: 0.1, endFraction: 0.4, updateFrequency: 20, distribution: 'erk', rng: Rng.fromSeed(0).split('pruning') });
    const reached = (): boolean => Math.abs(pruner.sparsity().target - 0.9) < 1e-9;
    const run = learnWithPPO({ envId: 'CartPole-v1', seed: 0, maxSteps: 30_000, evalEvery: 2_048, threshold: 400, hooks: [pruner], countsWhen: reached });
    describeRun(`PPO + GMP 90% CartPole (sparsity ${pruner.sparsity().overall.toFixed(4)})`, run.evaluations);
    expect(run.solvedAt).toBeDefined();
    expect(pruner.sparsity().overall).toBeCloseTo(0.9, 3);
    const count = countPrunedWeights(pruner.masks(), [
      [run.agent.policy, 'policy'],
      [run.agent.valueNetwork, 'value'],
    ]);
    expect(count.prefixes).toEqual(['policy', 'value']);
    expect(count.pruned).toBeGreaterThan(0);
    expect(count.nonzeroPruned).toBe(0);
    run.agent.dispose();
  }, 600_000);
});
