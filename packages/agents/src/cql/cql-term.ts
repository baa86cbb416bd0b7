import * as tf from '@tensorflow/tfjs-core';
import { selectActionValues } from '../losses/loss-kernels';

/**
 * The per-sample CQL regulariser for discrete actions, `logsumexp_a Q(s, a) - Q(s, a_data)`
 * (Kumar et al. 2020, CQL(H), equation 4), for Q values `[B, A]` and the dataset's actions `[B]`:
 * it pushes the Q values of every action down (softly, through the log-sum-exp) and the dataset's
 * action's up, so actions the data never took are not overestimated. Dopamine's offline agents
 * compute exactly this on the (mean) Q values and add its batch mean times the CQL coefficient to
 * the TD loss (`labs/offline_rl/jax/offline_rainbow_agent.py`:
 * `bc_loss = mean(logsumexp(q_values, axis=-1) - replay_chosen_q)`; PAPER.md 7.3). It is `>= 0`,
 * and its gradient in `Q(s, .)` is `softmax(Q(s, .)) - onehot(a_data)`.
 */
export function cqlTerm(qValues: tf.Tensor, actions: tf.Tensor1D): tf.Tensor1D {
  return tf.sub(tf.logSumExp(qValues, 1), selectActionValues(qValues, actions)) as tf.Tensor1D;
}
