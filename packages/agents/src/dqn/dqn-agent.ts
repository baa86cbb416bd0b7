import { checkBoolean, checkNumber, checkOneOf, type Batch, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkScalarQHead } from '../agent/check-scalar-q-head';
import { ValueAgent, type BatchTensors, type ValueAgentSpec } from '../agent/value-agent';
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

/** Option names of {@link DQNOptions} beyond the shared value-agent ones. */
export const DQN_OPTION_KEYS = ['loss', 'huberDelta', 'double'] as const;
const PRIORITY_EPSILON = 1e-10;

/**
 * Validates DQN's own options (a `ConfigError` names `<owner>.<field>`) and fills in the defaults:
 * MSE loss, Huber threshold 1, no Double DQN.
 */
export function resolveDQNOptions(owner: string, options: DQNOptions): { readonly loss: TdLossKind; readonly huberDelta: number; readonly double: boolean } {
  return {
    loss: checkOneOf(`${owner}.loss`, options.loss ?? 'mse', ['mse', 'huber']),
    huberDelta: checkNumber(`${owner}.huberDelta`, options.huberDelta ?? 1, { min: 0, minExclusive: true }),
    double: checkBoolean(`${owner}.double`, options.double ?? false),
  };
}

/**
 * What a subclass of {@link DQNAgent} changes (CQL): its class name for errors, its own option names
 * and defaults, and the agent to point a C51 head to.
 */
export interface DQNVariant {
  readonly owner: string;
  /** Option names beyond DQN's. */
  readonly extraKeys: readonly string[];
  readonly defaults?: ValueAgentSpec['defaults'];
  /** The agent that takes `c51` heads instead (`RainbowAgent`). */
  readonly c51Agent: string;
}

const DQN_VARIANT: DQNVariant = { owner: 'DQNAgent', extraKeys: [], c51Agent: 'RainbowAgent' };

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
  readonly kind: string = 'dqn';
  readonly lossKind: TdLossKind;
  readonly huberDelta: number;
  readonly double: boolean;

  /** `variant` is for subclasses (CQL); users leave it out. */
  constructor(input: DQNAgentInput, variant: DQNVariant = DQN_VARIANT) {
    super(input, {
      owner: variant.owner,
      extraKeys: [...DQN_OPTION_KEYS, ...variant.extraKeys],
      // Heads whose output is Q values `[B, numActions]`.
      checkHead: (head, field) => checkScalarQHead(head, field, `${variant.c51Agent} for "c51" heads`),
      ...(variant.defaults ? { defaults: variant.defaults } : {}),
    });
    const resolved = resolveDQNOptions(variant.owner, input);
    this.lossKind = resolved.loss;
    this.huberDelta = resolved.huberDelta;
    this.double = resolved.double;
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
