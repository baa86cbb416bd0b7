/**
 * Munchausen IQN (soft quantile targets with the scaled log-policy bonus) learns CartPole-v1 with the `classic`
 * preset on the wasm backend: a mean evaluation return of at least 195 (10 episodes, epsilonEval)
 * within 50,000 env steps, at a fixed seed. The run stops at the first passing evaluation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { learnCartPole } from '../support/cart-pole-learning';

describe('MunchausenIQNAgent on CartPole-v1', () => {
  afterEach(() => tf.disposeVariables());

  it('should reach a mean evaluation return >= 195 within 50,000 steps', () => {
    const started = Date.now();
    const run = learnCartPole({ agent: 'm-iqn', seed: 0 });
    console.log(
      `M-IQN CartPole evaluations: ${run.evaluations.map((e) => `${e.step}:${e.meanReturn.toFixed(1)}`).join(' ')}; ` +
        `${run.agent.updates} updates in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    // Learned: the untrained greedy policy (evaluated at step 0) does not pass.
    expect(run.evaluations[0]!.meanReturn).toBeLessThan(195);
    expect(run.solvedAt).toBeDefined();
    expect(run.solvedAt!).toBeLessThanOrEqual(50_000);
    expect(run.agent.kind).toBe('m-iqn');
    expect(run.agent.updates).toBeGreaterThan(0);
    run.agent.dispose();
  }, 600_000);
});
