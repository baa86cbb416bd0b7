import { checkBoolean, ConfigError, type Batch, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ValueAgent, type BatchTensors } from '../agent/value-agent';
import type { ValueAgentComponents, ValueAgentOptions } from '../agent/value-agent-options';
import { c51CrossEntropy, c51Targets, expectedValues, type C51Support } from '../distributional/c51-targets';
import { checkDistributionalHead } from '../distributional/check-distributional-head';

/** Rainbow-specific options (on top of {@link ValueAgentOptions}). */
export interface RainbowOptions extends ValueAgentOptions {
  /** Double DQN action selection for the target distribution (full Rainbow, DER). Default false. */
  readonly double?: boolean;
  /**
   * NoisyNet exploration (full Rainbow, DER). Must match the network head's `noisy` flag; it
   * defaults to it. When on, the training epsilon schedule defaults to `constant` (`epsilonTrain`
   * throughout, 0.01 by default) as in Dopamine's `JaxFullRainbowAgent`, whose `identity_epsilon`
   * returns `epsilon_train` beside the noise (evaluation still uses `epsilonEval`).
   */
  readonly noisy?: boolean;
}

/** Everything {@link RainbowAgent}'s constructor takes. */
export type RainbowAgentInput = ValueAgentComponents & RainbowOptions;

/** Option names of {@link RainbowOptions} beyond the shared value-agent ones. */
export const RAINBOW_OPTION_KEYS = ['double', 'noisy'] as const;
/** Dopamine adds it to the probabilities (loss weights) and to the loss (priorities). */
const PRIORITY_EPSILON = 1e-10;

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
  private readonly supportTensors: C51Support;

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
      defaults: noisy ? { epsilonSchedule: 'constant' } : {},
    });
    this.noisy = noisy;
    this.double = checkBoolean('RainbowAgent.double', input.double ?? false);
    this.support = Float32Array.from(this.online.head.support!);
    this.supportTensors = { values: this.support, tensor: tf.keep(tf.tensor1d(this.support)) };
  }

  /** Expected values `sum_i softmax(logits)_i z_i` per action. */
  protected qValues(network: QNetwork, observations: tf.Tensor, noise: boolean): tf.Tensor2D {
    return expectedValues(tf.softmax(network.apply(observations, { noise })), this.supportTensors);
  }

  protected computeTargets(batch: BatchTensors): tf.Tensor2D {
    return c51Targets(this.online, this.target, batch, this.supportTensors, this.numActions, this.double);
  }

  protected perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D {
    return c51CrossEntropy(this.online.apply(batch.observations, { noise: true }), batch.actions, targets, this.numActions);
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
    this.supportTensors.tensor.dispose();
  }
}
