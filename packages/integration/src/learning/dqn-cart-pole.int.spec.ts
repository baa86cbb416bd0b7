/**
 * DQN learns CartPole-v1 with the `classic` preset on the wasm backend: a mean evaluation return of
 * at least 195 (10 episodes, epsilonEval) within 50,000 env steps, at a fixed seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { learnCartPole } from '../support/cart-pole-learning';

describe('DQNAgent on CartPole-v1', () => {
  afterEach(() => tf.disposeVariables());

  it('should reach a mean evaluation return >= 195 within 50,000 steps', () => {
    const run = learnCartPole({ agent: 'dqn', seed: 0 });
    console.log(`DQN CartPole evaluations: ${run.evaluations.map((e) => `${e.step}:${e.meanReturn.toFixed(1)}`).join(' ')}`);
    // Learned: the untrained greedy policy (evaluated at step 0) does not pass.
    expect(run.evaluations[0]!.meanReturn).toBeLessThan(195);
    expect(run.solvedAt).toBeDefined();
    expect(run.solvedAt!).toBeLessThanOrEqual(50_000);
    expect(run.agent.updates).toBeGreaterThan(0);
    run.agent.dispose();
  }, 600_000);
});
