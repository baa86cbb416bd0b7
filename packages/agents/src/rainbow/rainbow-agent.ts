import { checkBoolean, ConfigError, type Batch, type HeadDescription, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ValueAgent, type BatchTensors } from '../agent/value-agent';
import type { ValueAgentComponents, ValueAgentOptions } from '../agent/value-agent-options';
import { projectDistribution } from '../distributional/project-distribution';

/** Rainbow-specific options (on top of {@link ValueAgentOptions}). */
export interface RainbowOptions extends ValueAgentOptions {
  /** Double DQN action selection for the target distribution (full Rainbow, DER). Default false. */
  readonly double?: boolean;
  /**
   * NoisyNet exploration (full Rainbow, DER). Must match the network head's `noisy` flag; it
   * defaults to it. When on, the training epsilon schedule defaults to `zero` as in Dopamine's
   * `JaxFullRainbowAgent` (evaluation still uses `epsilonEval`).
   */
  readonly noisy?: boolean;
}

/** Everything {@link RainbowAgent}'s constructor takes. */
export type RainbowAgentInput = ValueAgentComponents & RainbowOptions;

/** Option names of {@link RainbowOptions} beyond the shared value-agent ones. */
export const RAINBOW_OPTION_KEYS = ['double', 'noisy'] as const;
/** Dopamine adds it to the probabilities (loss weights) and to the loss (priorities). */
const PRIORITY_EPSILON = 1e-10;

function checkDistributionalHead(head: HeadDescription, field: string): void {
  const atoms = head?.numAtoms;
  if (!head || atoms === undefined || !Number.isInteger(atoms) || atoms < 2 || !(head.support instanceof Float32Array) || head.support.length !== atoms) {
    throw new ConfigError({
      field,
      value: head?.kind,
      expected: 'a distributional head (e.g. "c51") with numAtoms >= 2 and a support of numAtoms values',
    });
  }
  const support = head.support;
  const step = (support[atoms - 1]! - support[0]!) / (atoms - 1);
  for (let i = 1; i < atoms; i++) {
    if (!(Math.abs(support[i]! - support[i - 1]! - step) <= 1e-4 * Math.max(1, Math.abs(step))) || step <= 0) {
      throw new ConfigError({ field: `${field}.support`, value: Array.from(support), expected: 'evenly spaced increasing values (C51)' });
    }
  }
}

/**
 * Dopamine's compact Rainbow (`JaxRainbowAgent`, PAPER.md 2.2): C51 distributional Q-learning
 * (51 atoms on [-10, 10] by default: the head decides), n-step returns from the replay batch and
 * prioritized replay. Options add double DQN and NoisyNet exploration (with a dueling head from the
 * network factory this is Dopamine's `JaxFullRainbowAgent`, the agent of DER).
 *
 * Per update: the target distribution is the next state's distribution under the target network for
 * the greedy action (greedy under the online network with `double`), shifted to
 * `r + discount * z` and projected back onto the support ({@link projectDistribution}); the loss
 * is the cross-entropy of the online distribution of the taken action against it. With a
 * prioritized buffer the loss weights are `1 / sqrt(p + 1e-10)` normalised by their max (p the
 * batch's sampling probabilities) and new priorities are `sqrt(loss + 1e-10)`, as Dopamine computes
 * them.
 */
export class RainbowAgent extends ValueAgent {
  readonly kind = 'rainbow';
  readonly double: boolean;
  readonly noisy: boolean;
  /** The head's support z_1..z_N. */
  readonly support: Float32Array;
  private readonly supportTensor: tf.Tensor1D;

  constructor(input: RainbowAgentInput) {
    const head = input?.networkFactory?.head ?? input?.online?.head;
    const headNoisy = head?.noisy ?? false;
    const noisy = checkBoolean('RainbowAgent.noisy', input?.noisy ?? headNoisy);
    if (noisy !== headNoisy) {
      throw new ConfigError({
        field: 'RainbowAgent.noisy',
        value: noisy,
        expected: `${headNoisy} (the network head's noisy flag): NoisyNet layers belong to the network factory`,
      });
    }
    super(input, {
      owner: 'RainbowAgent',
      extraKeys: RAINBOW_OPTION_KEYS,
      checkHead: checkDistributionalHead,
      defaults: noisy ? { epsilonSchedule: 'zero' } : {},
    });
    this.noisy = noisy;
    this.double = checkBoolean('RainbowAgent.double', input.double ?? false);
    this.support = Float32Array.from(this.online.head.support!);
    this.supportTensor = tf.keep(tf.tensor1d(this.support));
  }

  /** Expected values `sum_i softmax(logits)_i z_i` per action. */
  protected qValues(network: QNetwork, observations: tf.Tensor, noise: boolean): tf.Tensor2D {
    return this.expectedValues(tf.softmax(network.apply(observations, { noise })));
  }

  protected computeTargets(batch: BatchTensors): tf.Tensor2D {
    const probabilities = tf.softmax(this.target.apply(batch.nextObservations, { noise: true })) as tf.Tensor3D;
    const selector = this.double ? (tf.softmax(this.online.apply(batch.nextObservations, { noise: true })) as tf.Tensor3D) : probabilities;
    const choice = tf.oneHot(tf.argMax(this.expectedValues(selector), 1), this.numActions);
    const next = tf.sum(tf.mul(probabilities, tf.expandDims(choice, 2)), 1) as tf.Tensor2D;
    const shifted = tf.add(tf.expandDims(batch.rewards, 1), tf.mul(tf.expandDims(batch.discounts, 1), tf.expandDims(this.supportTensor, 0)));
    return projectDistribution(shifted as tf.Tensor2D, next, this.support);
  }

  protected perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D {
    const logits = this.online.apply(batch.observations, { noise: true });
    const chosen = tf.sum(tf.mul(logits, tf.expandDims(tf.oneHot(batch.actions, this.numActions), 2)), 1);
    return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(chosen)), 1)) as tf.Tensor1D;
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

  protected override disposeOwn(): void {
    this.supportTensor.dispose();
  }

  private expectedValues(probabilities: tf.Tensor): tf.Tensor2D {
    return tf.sum(tf.mul(probabilities, this.supportTensor), 2) as tf.Tensor2D;
  }
}
