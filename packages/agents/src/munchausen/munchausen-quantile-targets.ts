import { selectActionValues } from '../losses/loss-kernels';
import * as tf from '@tensorflow/tfjs-core';
import { scaledLogSoftmax } from './scaled-log-softmax';
import { temperatureSoftmax } from './temperature-softmax';

/** What {@link munchausenQuantileTargets} combines (all from the target network, no gradient). */
export interface MunchausenQuantileInputs {
  /** `[B]` n-step discounted rewards. */
  readonly rewards: tf.Tensor1D;
  /** `[B]` bootstrap discounts (`gamma^n`, or 0 after a termination). */
  readonly discounts: tf.Tensor1D;
  /** `[B]` int32 actions taken. */
  readonly actions: tf.Tensor1D;
  /** `[B, A]` Q values at the current state (mean over quantile samples). */
  readonly currentQ: tf.Tensor2D;
  /** `[B, A]` Q values at the next state (mean over quantile samples). */
  readonly nextQ: tf.Tensor2D;
  /** `[B, N', A]` quantile values at the next state, at the target fractions tau'. */
  readonly nextQuantiles: tf.Tensor3D;
  /** Softmax temperature tau (M-IQN: 0.03). */
  readonly temperature: number;
  /** Munchausen scaling alpha (0.9). */
  readonly alpha: number;
  /** Lower clip l0 of `tau ln pi(a|s)` (-1); the upper clip is 0. */
  readonly logPolicyClip: number;
}

/**
 * M-IQN's target quantiles (Vieillard et al. 2020, equation 4 with IQN's distributional backup;
 * Munchausen RL's `MunchausenIQNAgent._build_target_quantile_values_op`), `[B, N']`:
 *
 * `T[b, j] = r_b + alpha * clip(tau ln pi(a_b | s_b), l0, 0)
 *           + discount_b * sum_a' pi(a' | s'_b) * (Z(s'_b, a', tau'_j) - tau ln pi(a' | s'_b))`
 *
 * with the policy `pi = softmax(q / tau)` of the target network's Q values (`currentQ` at s,
 * `nextQ` at s') and `tau ln pi` from {@link scaledLogSoftmax}. With n-step returns the Munchausen
 * bonus is added once, to the n-step reward, as the reference adds it to the replayed reward.
 */
export function munchausenQuantileTargets(inputs: MunchausenQuantileInputs): tf.Tensor2D {
  const { rewards, discounts, actions, currentQ, nextQ, nextQuantiles, temperature, alpha, logPolicyClip } = inputs;
  return tf.tidy(() => {
    const logPolicy = scaledLogSoftmax(currentQ, temperature);
    const taken = selectActionValues(logPolicy, actions);
    const bonus = tf.mul(tf.clipByValue(taken, logPolicyClip, 0), alpha);
    const nextLogPolicy = tf.expandDims(scaledLogSoftmax(nextQ, temperature), 1); // [B, 1, A]
    const nextPolicy = tf.expandDims(temperatureSoftmax(nextQ, temperature), 1);
    const soft = tf.sum(tf.mul(nextPolicy, tf.sub(nextQuantiles, nextLogPolicy)), 2); // [B, N']
    const immediate = tf.expandDims(tf.add(rewards, bonus), 1);
    return tf.add(immediate, tf.mul(tf.expandDims(discounts, 1), soft)) as tf.Tensor2D;
  });
}
