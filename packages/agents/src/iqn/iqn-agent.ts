import { checkBoolean } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchTensors } from '../agent/value-agent';
import type { ValueAgentComponents } from '../agent/value-agent-options';
import { ImplicitQuantileAgent, type ImplicitQuantileOptions } from './implicit-quantile-agent';

/** IQN-specific options (on top of {@link ImplicitQuantileOptions}). */
export interface IQNOptions extends ImplicitQuantileOptions {
  /**
   * Double DQN: the online network picks the greedy next action (from K quantile samples), the
   * target network gives its quantiles. Default false (Dopamine's `double_dqn=False`).
   */
  readonly double?: boolean;
}

/** Everything {@link IQNAgent}'s constructor takes. */
export type IQNAgentInput = ValueAgentComponents & IQNOptions;

/** Option names of {@link IQNOptions} beyond the implicit quantile ones. */
export const IQN_OPTION_KEYS = ['double'] as const;

/**
 * Implicit quantile networks (Dabney et al. 2018) as Dopamine JAX's `JaxImplicitQuantileAgent`
 * (PAPER.md 2.2, Table 2): a `quantile` head with the cosine embedding (the network factory's
 * business, 64 features in Dopamine), N = N' = 64 fractions for the loss, K = 32 for acting, the
 * quantile Huber loss with kappa 1, n-step targets from the replay batch. Per update:
 *
 * 1. the greedy next action `a* = argmax_a mean_k Z(s', a, tau_k)` over K fractions, under the target
 *    network (the online one with `double`);
 * 2. the target quantiles `T_j = r + discount * Z_target(s', a*, tau'_j)` for N' fractions tau';
 * 3. the loss: the quantile Huber loss of the online quantiles `Z(s, a, tau_i)`, N fractions, against
 *    them.
 *
 * Acting is epsilon-greedy on the mean of K quantile samples. Pruning attaches through `hooks` like
 * every {@link ValueAgent}.
 *
 * @example
 * ```ts
 * const agent = new IQNAgent({
 *   networkFactory: new QNetworkFactory({ torso: 'impala', head: 'quantile' }), replay,
 *   optimizer: new AdamOptimizer({ learningRate: 5e-5, epsilon: 3.125e-4 }),
 *   hooks: [pruner], numActions: 18, observationShape: [84, 84, 4], totalSteps: 10_000_000,
 * });
 * ```
 */
export class IQNAgent extends ImplicitQuantileAgent {
  readonly kind = 'iqn';
  readonly double: boolean;

  constructor(input: IQNAgentInput) {
    super(input, { owner: 'IQNAgent', extraKeys: IQN_OPTION_KEYS });
    this.double = checkBoolean('IQNAgent.double', input.double ?? false);
  }

  protected computeTargets(batch: BatchTensors): tf.Tensor2D {
    const selector = this.double ? this.online : this.target;
    const greedy = tf.argMax(this.meanQuantiles(selector, batch.nextObservations, this.numQuantileSamples, batch.rng), 1) as tf.Tensor1D;
    const taus = this.sampleTaus(batch.rng, batch.batch.batchSize, this.numTauPrimeSamples);
    const next = this.quantilesOf(this.target.apply(batch.nextObservations, { taus, noise: true }) as tf.Tensor3D, greedy);
    return tf.add(tf.expandDims(batch.rewards, 1), tf.mul(tf.expandDims(batch.discounts, 1), next)) as tf.Tensor2D;
  }
}
