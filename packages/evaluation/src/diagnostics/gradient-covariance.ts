import type { Batch, Parameter, QNetwork } from '@prunerl/core';
import { checkPositiveInteger, ConfigError, ShapeError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchObservations } from './batch-observations';
import { qValues } from './q-values';

/** A k x k matrix of normalised per-sample gradient inner products. */
export interface GradientCovariance {
  readonly k: number;
  /** Row-major k x k: `C_ij = <g_i, g_j> / (|g_i| |g_j|)`; 0 where a gradient is exactly zero. */
  readonly matrix: Float64Array;
  /** Mean of C_ij over i != j (interference: positive means gradients agree). */
  readonly meanOffDiagonal: number;
  /** Mean of |C_ij| over i != j (how strongly samples interact, whatever the sign). */
  readonly meanAbsOffDiagonal: number;
}

/** Options of {@link gradientCovariance}. */
export interface GradientCovarianceOptions {
  /**
   * Masks by parameter name (e.g. `pruner.masks()`): gradient entries of pruned weights are zeroed,
   * so a sparse network is measured on the weights it can actually change. Default: no masking.
   */
  readonly masks?: ReadonlyMap<string, tf.Tensor>;
  /** Which parameters' gradients enter the vectors. Default all. */
  readonly include?: (parameter: Parameter) => boolean;
}

/**
 * Gradient covariance (Lyle et al. 2023; PAPER.md 4.7, Fig. 14): for k samples, the loss gradient
 * g_i of each sample alone with respect to the network's parameters, flattened, and the matrix of
 * their cosine similarities `C_ij = <g_i, g_j> / (|g_i| |g_j|)`. Memory: k x (number of parameters)
 * floats for the stacked gradients.
 *
 * @param sampleLoss - the scalar loss of sample i (0 <= i < k), computed from the network's variables.
 */
export function gradientCovariance(network: QNetwork, sampleLoss: (i: number) => tf.Scalar, k: number, options: GradientCovarianceOptions = {}): GradientCovariance {
  checkPositiveInteger('gradientCovariance(k)', k);
  const parameters = network.parameters().filter(options.include ?? (() => true));
  if (parameters.length === 0) throw new ConfigError({ field: 'gradientCovariance options.include', value: 0, expected: 'at least one parameter' });
  const variables = parameters.map((p) => p.variable);
  const rows: tf.Tensor1D[] = [];
  try {
    for (let i = 0; i < k; i++) {
      rows.push(
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => sampleLoss(i), variables);
          return tf.concat(
            parameters.map((p) => {
              let g = grads[p.variable.name] ?? tf.zerosLike(p.variable);
              const mask = options.masks?.get(p.name);
              if (mask) g = tf.mul(g, mask);
              return tf.reshape(g, [-1]);
            }),
          ) as tf.Tensor1D;
        }),
      );
    }
    // Explicit transpose: wasm's matMul with a transpose flag is much slower (KNOWN.md).
    const gram = tf.tidy(() => {
      const g = tf.stack(rows) as tf.Tensor2D;
      return tf.matMul(g, tf.transpose(g)).dataSync();
    });
    return normalise(gram, k);
  } finally {
    for (const row of rows) row.dispose();
  }
}

function normalise(gram: ArrayLike<number>, k: number): GradientCovariance {
  const norms = Float64Array.from({ length: k }, (_, i) => Math.sqrt(Math.max(gram[i * k + i]!, 0)));
  const matrix = new Float64Array(k * k);
  let sum = 0;
  let sumAbs = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const denominator = norms[i]! * norms[j]!;
      const c = denominator === 0 ? 0 : Math.max(-1, Math.min(1, gram[i * k + j]! / denominator));
      matrix[i * k + j] = c;
      if (i !== j) {
        sum += c;
        sumAbs += Math.abs(c);
      }
    }
  }
  const pairs = k * (k - 1);
  return { k, matrix, meanOffDiagonal: pairs === 0 ? 0 : sum / pairs, meanAbsOffDiagonal: pairs === 0 ? 0 : sumAbs / pairs };
}

/** Transitions for {@link tdGradientCovariance}: observations, actions taken and TD targets. */
export interface TdSamples {
  /** `[B, ...observationShape]`, B >= k. */
  readonly observations: tf.Tensor;
  readonly actions: ArrayLike<number>;
  readonly targets: ArrayLike<number>;
}

/**
 * {@link gradientCovariance} of the squared TD error `(Q(s_i, a_i) - y_i)^2` of the first k samples,
 * with the targets y_i held fixed (as in DQN's loss, PAPER.md 1.1). Needs a `q` or `dueling` head;
 * for distributional heads pass their own per-sample loss to {@link gradientCovariance}.
 */
export function tdGradientCovariance(network: QNetwork, samples: TdSamples, k: number, options: GradientCovarianceOptions = {}): GradientCovariance {
  if (network.head.kind !== 'q' && network.head.kind !== 'dueling') {
    throw new ConfigError({ field: 'network.head.kind', value: network.head.kind, expected: '"q" or "dueling" for the squared TD error', hint: 'Pass a per-sample loss to gradientCovariance instead.' });
  }
  const batch = samples.observations.shape[0]!;
  if (k > batch || samples.actions.length < k || samples.targets.length < k) {
    throw new ShapeError({ field: 'tdGradientCovariance(k)', value: k, expected: `at most the batch size (${batch}) and the number of actions and targets` });
  }
  const rest = samples.observations.shape.slice(1);
  return gradientCovariance(
    network,
    (i) =>
      tf.tidy(() => {
        const observation = tf.slice(samples.observations, [i, ...rest.map(() => 0)], [1, ...rest]);
        const q = network.apply(observation, { noise: false });
        const chosen = tf.sum(tf.mul(q, tf.oneHot(tf.tensor1d([samples.actions[i]!], 'int32'), network.numActions)));
        return tf.square(tf.sub(chosen, tf.scalar(samples.targets[i]!))) as tf.Scalar;
      }),
    k,
    options,
  );
}

/**
 * One-step (or n-step, as the batch holds) TD targets `y = r + discount * max_a Q_bootstrap(s', a)`
 * for a replay batch (the batch's `discounts` already include gamma^m and the termination mask).
 * `bootstrap` is the target network when one is at hand.
 */
export function tdTargets(bootstrap: QNetwork, batch: Batch): Float32Array {
  const next = batchObservations(batch, 'nextObservations');
  try {
    const q = qValues(bootstrap, next);
    const max = tf.tidy(() => tf.max(q, 1).dataSync());
    q.dispose();
    return Float32Array.from({ length: batch.batchSize }, (_, i) => batch.rewards[i]! + batch.discounts[i]! * max[i]!);
  } finally {
    next.dispose();
  }
}
