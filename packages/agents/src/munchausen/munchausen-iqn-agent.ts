import { checkNumber } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { BatchTensors } from '../agent/value-agent';
import type { ValueAgentComponents } from '../agent/value-agent-options';
import { ImplicitQuantileAgent, type ImplicitQuantileOptions } from '../iqn/implicit-quantile-agent';
import { munchausenQuantileTargets } from './munchausen-quantile-targets';

/** M-IQN-specific options (on top of {@link ImplicitQuantileOptions}). */
export interface MunchausenIQNOptions extends ImplicitQuantileOptions {
  /** Softmax temperature tau of the policy `softmax(q / tau)` (PAPER.md Table 2). Default 0.03. */
  readonly temperature?: number;
  /**
   * Scaling alpha of the Munchausen bonus, in [0, 1]. Default 0.9 (Vieillard et al.; the paper does
   * not state it, PAPER.md 2.2).
   */
  readonly alpha?: number;
  /** Lower clip l0 of the log-policy `tau ln pi(a|s)`, <= 0. Default -1 (Vieillard et al.). */
  readonly logPolicyClip?: number;
}

/** Everything {@link MunchausenIQNAgent}'s constructor takes. */
export type MunchausenIQNAgentInput = ValueAgentComponents & MunchausenIQNOptions;

/**
 * Validates the Munchausen options (a `ConfigError` names `<owner>.<field>`) and fills in the
 * defaults: temperature 0.03, alpha 0.9, log-policy clip -1.
 */
export function resolveMunchausenOptions(
  owner: string,
  options: MunchausenIQNOptions,
): { readonly temperature: number; readonly alpha: number; readonly logPolicyClip: number } {
  return {
    temperature: checkNumber(`${owner}.temperature`, options.temperature ?? 0.03, { min: 0, minExclusive: true }),
    alpha: checkNumber(`${owner}.alpha`, options.alpha ?? 0.9, { min: 0, max: 1 }),
    logPolicyClip: checkNumber(`${owner}.logPolicyClip`, options.logPolicyClip ?? -1, { max: 0 }),
  };
}

/** Option names of {@link MunchausenIQNOptions} beyond the implicit quantile ones. */
export const MUNCHAUSEN_KEYS = ['temperature', 'alpha', 'logPolicyClip'] as const;

/**
 * Munchausen IQN (Vieillard et al. 2020) as their Dopamine-based `MunchausenIQNAgent` (PAPER.md 2.2,
 * Table 2: IQN plus the Munchausen term with temperature 0.03). Everything is IQN's (fractions,
 * quantile Huber loss, epsilon-greedy acting on the mean of K quantile samples, the reference's
 * default `interact='greedy'`) except the target, which is soft and carries the scaled log-policy of
 * the action taken ({@link munchausenQuantileTargets}):
 *
 * `T_j = r + alpha * clip(tau ln pi(a|s), l0, 0) + discount * sum_a' pi(a'|s') (Z_target(s', a', tau'_j) - tau ln pi(a'|s'))`
 *
 * with `pi = softmax(q_target / tau)` and `q_target` the target network's mean over K quantile
 * samples at s and at s' (two independent draws), and N' target fractions tau'.
 */
export class MunchausenIQNAgent extends ImplicitQuantileAgent {
  readonly kind = 'm-iqn';
  readonly temperature: number;
  readonly alpha: number;
  readonly logPolicyClip: number;

  constructor(input: MunchausenIQNAgentInput) {
    super(input, { owner: 'MunchausenIQNAgent', extraKeys: MUNCHAUSEN_KEYS });
    const resolved = resolveMunchausenOptions('MunchausenIQNAgent', input);
    this.temperature = resolved.temperature;
    this.alpha = resolved.alpha;
    this.logPolicyClip = resolved.logPolicyClip;
  }

  protected computeTargets(batch: BatchTensors): tf.Tensor2D {
    const k = this.numQuantileSamples;
    const nextQ = this.meanQuantiles(this.target, batch.nextObservations, k, batch.rng);
    const currentQ = this.meanQuantiles(this.target, batch.observations, k, batch.rng);
    const taus = this.sampleTaus(batch.rng, batch.batch.batchSize, this.numTauPrimeSamples);
    return munchausenQuantileTargets({
      rewards: batch.rewards,
      discounts: batch.discounts,
      actions: batch.actions,
      currentQ,
      nextQ,
      nextQuantiles: this.target.apply(batch.nextObservations, { taus, noise: true }) as tf.Tensor3D,
      temperature: this.temperature,
      alpha: this.alpha,
      logPolicyClip: this.logPolicyClip,
    });
  }
}
