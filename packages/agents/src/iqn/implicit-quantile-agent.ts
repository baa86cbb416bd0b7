import { checkNumber, checkPositiveInteger, ConfigError, type Batch, type HeadDescription, type QNetwork, type Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ValueAgent, type BatchTensors, type ValueAgentSpec } from '../agent/value-agent';
import type { ValueAgentComponents, ValueAgentOptions } from '../agent/value-agent-options';
import { selectActionValues } from '../losses/loss-kernels';
import { quantileHuberLoss } from '../losses/quantile-huber-loss';

/** Options every implicit quantile agent takes (on top of {@link ValueAgentOptions}). */
export interface ImplicitQuantileOptions extends ValueAgentOptions {
  /** N: quantile fractions tau sampled per transition for the online quantiles of the loss. Default 64. */
  readonly numTauSamples?: number;
  /** N': fractions tau' sampled per transition for the target quantiles. Default 64. */
  readonly numTauPrimeSamples?: number;
  /** K: fractions sampled per observation to estimate Q values (acting, greedy target actions). Default 32. */
  readonly numQuantileSamples?: number;
  /** Huber threshold kappa of the quantile Huber loss. Default 1. */
  readonly kappa?: number;
}

/** Option names of {@link ImplicitQuantileOptions}. */
export const IMPLICIT_QUANTILE_KEYS = ['numTauSamples', 'numTauPrimeSamples', 'numQuantileSamples', 'kappa'] as const;

/** {@link ImplicitQuantileOptions} with the defaults filled in. */
export interface ResolvedImplicitQuantileOptions {
  readonly numTauSamples: number;
  readonly numTauPrimeSamples: number;
  readonly numQuantileSamples: number;
  readonly kappa: number;
}

/**
 * Validates the implicit quantile options (a `ConfigError` names `<owner>.<field>`) and fills in
 * Dopamine's defaults: N = N' = 64, K = 32, kappa 1.
 */
export function resolveImplicitQuantileOptions(owner: string, options: ImplicitQuantileOptions): ResolvedImplicitQuantileOptions {
  const field = (name: string): string => `${owner}.${name}`;
  return {
    numTauSamples: checkPositiveInteger(field('numTauSamples'), options.numTauSamples ?? 64),
    numTauPrimeSamples: checkPositiveInteger(field('numTauPrimeSamples'), options.numTauPrimeSamples ?? 64),
    numQuantileSamples: checkPositiveInteger(field('numQuantileSamples'), options.numQuantileSamples ?? 32),
    kappa: checkNumber(field('kappa'), options.kappa ?? 1, { min: 0, minExclusive: true }),
  };
}

/** Dopamine adds it to the probabilities (loss weights) and to the loss (priorities). */
const PRIORITY_EPSILON = 1e-10;

function checkQuantileHead(head: HeadDescription, field: string): void {
  if (!head || head.kind !== 'quantile') {
    throw new ConfigError({ field, value: head?.kind, expected: 'a "quantile" head (implicit quantile network: quantile values at given fractions taus)' });
  }
}

/**
 * What IQN and M-IQN share (Dabney et al. 2018; Dopamine JAX's `JaxImplicitQuantileAgent`): a
 * `quantile` head applied at sampled fractions, Q values as the mean of K quantile samples, and the
 * quantile Huber loss ({@link quantileHuberLoss}) between N online quantiles of the taken action and
 * the N' target quantiles a subclass computes ({@link ImplicitQuantileAgent.computeTargets}).
 *
 * Fractions are drawn uniformly in [0, 1), independently for every transition of a batch (Dabney et
 * al.; Dopamine's JAX version shares one draw across the batch). Draws come from the agent's streams:
 * acting uses the mode's acting stream (so evaluating never changes training), updates use the update
 * stream (`BatchTensors.rng`), in the order: target fractions, then online fractions.
 *
 * With a prioritized buffer the loss weights are `1 / sqrt(p + 1e-10)` normalised by their max and
 * new priorities `sqrt(loss + 1e-10)`, Dopamine's rules (the paper's IQN runs use uniform replay).
 */
export abstract class ImplicitQuantileAgent extends ValueAgent {
  /** N. */
  readonly numTauSamples: number;
  /** N'. */
  readonly numTauPrimeSamples: number;
  /** K. */
  readonly numQuantileSamples: number;
  readonly kappa: number;

  protected constructor(input: ValueAgentComponents & ImplicitQuantileOptions, spec: Omit<ValueAgentSpec, 'checkHead'>) {
    super(input, { ...spec, extraKeys: [...IMPLICIT_QUANTILE_KEYS, ...spec.extraKeys], checkHead: checkQuantileHead });
    const resolved = resolveImplicitQuantileOptions(spec.owner, input);
    this.numTauSamples = resolved.numTauSamples;
    this.numTauPrimeSamples = resolved.numTauPrimeSamples;
    this.numQuantileSamples = resolved.numQuantileSamples;
    this.kappa = resolved.kappa;
  }

  /** Mean of K quantile values per action, at fractions drawn from `rng`. */
  protected qValues(network: QNetwork, observations: tf.Tensor, noise: boolean, rng: Rng): tf.Tensor2D {
    return this.meanQuantiles(network, observations, this.numQuantileSamples, rng, noise);
  }

  /** Per-sample quantile Huber loss of N online quantiles of the taken actions against `targets` `[B, N']`. */
  protected perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D {
    const taus = this.sampleTaus(batch.rng, batch.batch.batchSize, this.numTauSamples);
    const quantiles = this.online.apply(batch.observations, { taus, noise: true }) as tf.Tensor3D;
    const chosen = this.quantilesOf(quantiles, batch.actions);
    return quantileHuberLoss(targets as tf.Tensor2D, chosen, taus, this.kappa);
  }

  protected lossWeights(batch: Batch): Float32Array | undefined {
    if (!this.replay.prioritized) return undefined;
    const weights = batch.probabilities.map((p) => 1 / Math.sqrt(p + PRIORITY_EPSILON));
    let max = 0;
    for (const w of weights) max = Math.max(max, w);
    return weights.map((w) => w / max);
  }

  protected newPriorities(perSampleLoss: Float32Array): Float32Array {
    return perSampleLoss.map((loss) => Math.sqrt(loss + PRIORITY_EPSILON));
  }

  /** `[count, numTaus]` fractions uniform in [0, 1). */
  protected sampleTaus(rng: Rng, count: number, numTaus: number): tf.Tensor2D {
    return tf.tensor2d(rng.fillUniform(new Float32Array(count * numTaus)), [count, numTaus]);
  }

  /** `[B, A]` mean over `numTaus` sampled quantiles of `network` at `observations`. */
  protected meanQuantiles(network: QNetwork, observations: tf.Tensor, numTaus: number, rng: Rng, noise = true): tf.Tensor2D {
    const taus = this.sampleTaus(rng, observations.shape[0]!, numTaus);
    return tf.mean(network.apply(observations, { taus, noise }), 1) as tf.Tensor2D;
  }

  /** `[B, N]` quantile values of `actions` `[B]` from `quantiles` `[B, N, A]`. */
  protected quantilesOf(quantiles: tf.Tensor3D, actions: tf.Tensor1D): tf.Tensor2D {
    return selectActionValues(quantiles, actions) as tf.Tensor2D;
  }
}
