import * as tf from '@tensorflow/tfjs-core';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** One environment stream's steps of a rollout, in time order (what {@link generalizedAdvantages} reads). */
export interface AdvantageInput {
  readonly rewards: ArrayLike<number>;
  /** `V(s_t)` when the action was taken. */
  readonly values: ArrayLike<number>;
  /** `V(s_{t+1})` of each step's next observation (the true last observation when an episode ended). */
  readonly nextValues: ArrayLike<number>;
  /** The MDP ended at step t: no bootstrap from `s_{t+1}`. */
  readonly terminated: ArrayLike<boolean>;
  /** The episode ended at step t (terminated or truncated): step t + 1 starts another episode. */
  readonly episodeEnds: ArrayLike<boolean>;
  readonly discount: number;
  readonly lambda: number;
}

/**
 * Generalised advantage estimation (Schulman et al. 2016, eq. 16), computed backwards over one
 * stream: `delta_t = r_t + gamma V(s_{t+1}) (1 - terminated_t) - V(s_t)` and
 * `A_t = delta_t + gamma lambda (1 - end_t) A_{t+1}`; returns (the value targets) are `A_t + V(s_t)`.
 *
 * A truncated step bootstraps from its own next observation and stops the recursion (the next step
 * belongs to another episode), which is what SB3 gets by adding `gamma V(terminal observation)` to
 * the reward at a time-limit truncation; the rollout's last step bootstraps from its next
 * observation (CleanRL's and SB3's `next_value`). Arithmetic in float64.
 */
export function generalizedAdvantages(input: AdvantageInput): { readonly advantages: Float64Array; readonly returns: Float64Array } {
  const n = input.rewards.length;
  const advantages = new Float64Array(n);
  const returns = new Float64Array(n);
  const { discount, lambda } = input;
  let next = 0;
  for (let t = n - 1; t >= 0; t--) {
    const bootstrap = input.terminated[t] ? 0 : discount * input.nextValues[t]!;
    const delta = input.rewards[t]! + bootstrap - input.values[t]!;
    const carry = t === n - 1 || input.episodeEnds[t] ? 0 : next;
    next = delta + discount * lambda * carry;
    advantages[t] = next;
    returns[t] = next + input.values[t]!;
  }
  return { advantages, returns };
}

/**
 * PPO's clipped surrogate objective as a loss (Schulman et al. 2017, eq. 7, negated):
 * `mean(max(-A r, -A clip(r, 1 - eps, 1 + eps)))` with `r = exp(logProb - oldLogProb)`.
 */
export function clippedPolicyLoss(logProb: tf.Tensor1D, oldLogProb: tf.Tensor1D, advantages: tf.Tensor1D, clipRatio: number): tf.Scalar {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logProb, oldLogProb));
    const unclipped = tf.mul(tf.neg(advantages), ratio);
    const clipped = tf.mul(tf.neg(advantages), tf.clipByValue(ratio, 1 - clipRatio, 1 + clipRatio));
    return tf.mean(tf.maximum(unclipped, clipped)) as tf.Scalar;
  });
}

/**
 * The value loss `0.5 mean((V - R)^2)`, or with `clip` (the PPO2/CleanRL value clipping)
 * `0.5 mean(max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2))`.
 */
export function valueLoss(values: tf.Tensor1D, oldValues: tf.Tensor1D, returns: tf.Tensor1D, clip: number | undefined): tf.Scalar {
  return tf.tidy(() => {
    const unclipped = tf.square(tf.sub(values, returns));
    if (clip === undefined) return tf.mul(tf.mean(unclipped), 0.5) as tf.Scalar;
    const clippedValues = tf.add(oldValues, tf.clipByValue(tf.sub(values, oldValues), -clip, clip));
    return tf.mul(tf.mean(tf.maximum(unclipped, tf.square(tf.sub(clippedValues, returns)))), 0.5) as tf.Scalar;
  });
}

/** `log N(a; mean, exp(logStd))` summed over the action's entries, `[B]` (`logStd` is `[A]` or `[B, A]`). */
export function diagonalGaussianLogProb(mean: tf.Tensor2D, logStd: tf.Tensor, actions: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(actions, mean), tf.exp(logStd));
    return tf.sum(tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), logStd), HALF_LOG_TWO_PI), 1) as tf.Tensor1D;
  });
}

/** The entropy of a diagonal Gaussian, `sum_i (logStd_i + 0.5 log(2 pi e))`, for each of `rows` rows, `[rows]`. */
export function diagonalGaussianEntropy(logStd: tf.Tensor1D, rows: number): tf.Tensor1D {
  return tf.tidy(() => tf.mul(tf.ones([rows]), tf.sum(tf.add(logStd, HALF_LOG_TWO_PI + 0.5))) as tf.Tensor1D);
}

/** `log softmax(logits)[a]` for each row, `[B]`. */
export function categoricalLogProb(logits: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.cast(actions, 'int32'), logits.shape[1])), 1) as tf.Tensor1D);
}

/** `-sum_a p(a) log p(a)` for each row, `[B]`. */
export function categoricalEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), 1)) as tf.Tensor1D;
  });
}
