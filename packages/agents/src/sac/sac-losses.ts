import * as tf from '@tensorflow/tfjs-core';

/**
 * The temperature loss of SAC with automatic entropy tuning (Haarnoja et al. 2018b, eq. 18, in
 * TF-Agents' log form): `J(alpha) = -mean(log alpha * (log pi(a|s) + targetEntropy))`, with the
 * log-probabilities held constant (the caller takes gradients with respect to `logAlpha` only, as
 * `tf.variableGrads(f, [logAlpha])` does; tfjs has no `stop_gradient`). Its gradient `-mean(log pi + targetEntropy)` raises alpha while
 * the policy's entropy `-log pi` is below the target and lowers it above.
 */
export function temperatureLoss(logAlpha: tf.Tensor, logProb: tf.Tensor1D, targetEntropy: number): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.mul(logAlpha, tf.add(logProb, targetEntropy)))) as tf.Scalar);
}

/**
 * SAC's soft TD targets (computed outside any gradient tape, so constants of the critics' loss): `y = rewardScale * r + discount * (min(Q'1, Q'2)(s', a') -
 * alpha log pi(a'|s'))`, `a'` drawn from the current policy at `s'`, `discount` the batch's
 * bootstrap discount (`gamma^m`, or 0 after a termination).
 */
export function softTdTargets(
  rewards: tf.Tensor1D,
  discounts: tf.Tensor1D,
  nextQ1: tf.Tensor1D,
  nextQ2: tf.Tensor1D,
  nextLogProb: tf.Tensor1D,
  alpha: number,
  rewardScale: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const soft = tf.sub(tf.minimum(nextQ1, nextQ2), tf.mul(nextLogProb, alpha));
    return tf.add(tf.mul(rewards, rewardScale), tf.mul(discounts, soft)) as tf.Tensor1D;
  });
}

/**
 * The twin critics' loss, as TF-Agents weighs it (`critic_loss_weight` 0.5 on the sum of each
 * critic's mean squared TD error): `0.5 * (mean((Q1 - y)^2) + mean((Q2 - y)^2))`.
 */
export function twinCriticLoss(q1: tf.Tensor1D, q2: tf.Tensor1D, targets: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.add(tf.mean(tf.squaredDifference(q1, targets)), tf.mean(tf.squaredDifference(q2, targets))), 0.5) as tf.Scalar);
}

/**
 * The policy loss: `mean(alpha * log pi(a|s) - min(Q1, Q2)(s, a))` for `a` drawn from the policy by
 * reparameterisation (gradients reach the actor through `a` and `log pi`; alpha is a constant here).
 */
export function actorLoss(logProb: tf.Tensor1D, q1: tf.Tensor1D, q2: tf.Tensor1D, alpha: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.mul(logProb, alpha), tf.minimum(q1, q2))) as tf.Scalar);
}
