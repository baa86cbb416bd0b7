/**
 * SAC learns Pendulum-v1 (the continuous-control learning test of issue 24): with a fixed seed, the
 * mean return of 5 evaluation episodes (deterministic `tanh(mean)` actions) rises above -250 within
 * 20,000 env steps; the untrained agent scores about -1,500. On this machine (wasm, one core) it
 * solves at 7,000 steps in about 35 s.
 */
import * as tf from '@tensorflow/tfjs-core';
import { learnPendulum } from '../support/pendulum-learning';

describe('SACAgent on Pendulum-v1', () => {
  afterEach(() => tf.disposeVariables());

  it('should reach a mean evaluation return above -250 within 20,000 steps', () => {
    const run = learnPendulum({ seed: 0 });
    console.log(`SAC Pendulum evaluations: ${run.evaluations.map((e) => `${e.step}:${e.meanReturn.toFixed(1)}`).join(' ')}`);
    expect(run.evaluations[0]!.meanReturn).toBeLessThan(-1_000);
    expect(run.solvedAt).toBeDefined();
    expect(run.solvedAt!).toBeLessThanOrEqual(20_000);
    expect(run.evaluations.at(-1)!.meanReturn).toBeGreaterThan(-250);
    run.agent.dispose();
  }, 600_000);
});
