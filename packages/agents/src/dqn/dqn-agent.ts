import { checkBoolean, checkNumber, checkOneOf, ConfigError, type Batch, type HeadDescription, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ValueAgent, type BatchTensors } from '../agent/value-agent';
import type { ValueAgentComponents, ValueAgentOptions } from '../agent/value-agent-options';
import { selectActionValues } from '../losses/loss-kernels';
import { tdLoss, type TdLossKind } from '../losses/td-loss';

/** DQN-specific options (on top of {@link ValueAgentOptions}). */
export interface DQNOptions extends ValueAgentOptions {
  /** `mse` (Dopamine JAX's default, no 0.5 factor) or `huber`. Default `mse`. */
  readonly loss?: TdLossKind;
  /** Huber threshold. Default 1. */
  readonly huberDelta?: number;
  /**
   * Double DQN (van Hasselt et al. 2016): the online network picks the next action, the target
   * network values it. Default false.
   */
  readonly double?: boolean;
}

/** Everything {@link DQNAgent}'s constructor takes. */
export type DQNAgentInput = ValueAgentComponents & DQNOptions;

const DQN_KEYS = ['loss', 'huberDelta', 'double'] as const;
const PRIORITY_EPSILON = 1e-10;

/** Heads whose output is Q values `[B, numActions]`. */
function checkQHead(head: HeadDescription, field: string): void {
  if (!head || (head.kind !== 'q' && head.kind !== 'dueling') || head.numAtoms !== undefined) {
    throw new ConfigError({
      field,
      value: head?.kind,
      expected: 'a "q" or "dueling" head (Q values per action); use RainbowAgent for "c51" heads',
    });
  }
}

/**
 * DQN as Dopamine's `JaxDQNAgent` (PAPER.md 1.1, 2.2): epsilon-greedy acting, a TD target
 * `r + discount * max_a' Q_target(s', a')` with the n-step reward and discount taken from the replay
 * batch, mean squared (or Huber) error, one update every `updatePeriod` steps after
 * `minReplayHistory`, target copies every `targetUpdatePeriod` steps. With `double: true` the target
 * is `r + discount * Q_target(s', argmax_a' Q_online(s', a'))`.
 *
 * With a prioritized buffer the loss is weighted by the batch's importance weights and new priorities
 * are `sqrt(loss + 1e-10)` per sample (Dopamine's rule, PAPER.md 2.2; for the squared error this is
 * `|TD error|`).
 *
 * Pruning and other interventions attach through `hooks` (see {@link ValueAgent}).
 *
 * @example
 * ```ts
 * const agent = new DQNAgent({
 *   networkFactory, replay, optimizer: new AdamOptimizer({ learningRate: 6.25e-5, epsilon: 1.5e-4 }),
 *   hooks: [pruner], numActions: 6, observationShape: [10, 10, 4], totalSteps: 500_000,
 * });
 * const action = agent.act(observation, 'train');
 * agent.observe({ observation, action, reward, nextObservation, terminated, truncated });
 * ```
 */
export class DQNAgent extends ValueAgent {
  readonly kind = 'dqn';
  readonly lossKind: TdLossKind;
  readonly huberDelta: number;
  readonly double: boolean;

  constructor(input: DQNAgentInput) {
    super(input as DQNAgentInput & Record<string, unknown>, { owner: 'DQNAgent', extraKeys: DQN_KEYS, checkHead: checkQHead });
    this.lossKind = checkOneOf('DQNAgent.loss', input.loss ?? 'mse', ['mse', 'huber']);
    this.huberDelta = checkNumber('DQNAgent.huberDelta', input.huberDelta ?? 1, { min: 0, minExclusive: true });
    this.double = checkBoolean('DQNAgent.double', input.double ?? false);
  }

  protected qValues(network: QNetwork, observations: tf.Tensor, noise: boolean): tf.Tensor2D {
    return network.apply(observations, { noise }) as tf.Tensor2D;
  }

  protected computeTargets(batch: BatchTensors): tf.Tensor1D {
    const next = this.target.apply(batch.nextObservations, { noise: true }) as tf.Tensor2D;
    let value: tf.Tensor1D;
    if (this.double) {
      const choice = tf.argMax(this.online.apply(batch.nextObservations, { noise: true }), 1);
      value = selectActionValues(next, choice as tf.Tensor1D) as tf.Tensor1D;
    } else {
      value = tf.max(next, 1);
    }
    return tf.add(batch.rewards, tf.mul(batch.discounts, value));
  }

  protected perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D {
    const q = this.online.apply(batch.observations, { noise: true });
    const chosen = selectActionValues(q, batch.actions);
    return tdLoss(this.lossKind, targets, chosen, this.huberDelta) as tf.Tensor1D;
  }

  protected lossWeights(batch: Batch): Float32Array | undefined {
    return this.replay.prioritized ? batch.weights : undefined;
  }

  protected newPriorities(perSampleLoss: Float32Array): Float32Array {
    return perSampleLoss.map((loss) => Math.sqrt(loss + PRIORITY_EPSILON));
  }
}
