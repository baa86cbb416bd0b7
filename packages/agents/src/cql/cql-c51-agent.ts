import { checkBoolean, ConfigError, type HeadDescription, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ValueAgent, type BatchTensors } from '../agent/value-agent';
import type { ValueAgentComponents, ValueAgentOptions } from '../agent/value-agent-options';
import { c51CrossEntropy, c51Targets, expectedValues, type C51Support } from '../distributional/c51-targets';
import { checkDistributionalHead } from '../distributional/check-distributional-head';
import { checkUniformReplay, CQL_COEFFICIENT_KEYS, resolveCQLCoefficients, type CQLCoefficients } from './cql-options';
import { cqlTerm } from './cql-term';

/** CQL+C51's options (on top of {@link ValueAgentOptions}). */
export interface CQLC51Options extends ValueAgentOptions, CQLCoefficients {
  /** Double DQN action selection for the target distribution. PAPER.md Table 3: true. Default true. */
  readonly double?: boolean;
}

/** Everything {@link CQLC51Agent}'s constructor takes. */
export type CQLC51AgentInput = ValueAgentComponents & CQLC51Options;

/** Option names of {@link CQLC51Options} beyond the shared value-agent ones. */
export const CQL_C51_OPTION_KEYS = ['double', ...CQL_COEFFICIENT_KEYS] as const;

/** Validates CQL+C51's own options (a `ConfigError` names `<owner>.<field>`): double DQN on, alpha 0.1, TD weight 1. */
export function resolveCQLC51Options(owner: string, options: CQLC51Options): { readonly double: boolean } & Required<CQLCoefficients> {
  return { double: checkBoolean(`${owner}.double`, options.double ?? true), ...resolveCQLCoefficients(owner, options) };
}

/** A C51 head without NoisyNet layers (`OfflineJaxRainbowAgent` builds its network with `noisy=False`). */
function checkOfflineC51Head(head: HeadDescription, field: string): void {
  checkDistributionalHead(head, field);
  if (head.noisy) throw new ConfigError({ field: `${field}.noisy`, value: true, expected: 'a head without NoisyNet layers (offline agents do not explore; Dopamine builds CQL+C51 with noisy=False)' });
}

/**
 * CQL+C51 (Kumar et al. 2022; PAPER.md 2.2 and Table 3), Dopamine's `OfflineJaxRainbowAgent` with
 * `td_coefficient = 1` and `bc_coefficient = 0.1`: C51 with 51 atoms, 3-step returns (the replay
 * buffer's `nStep`), a dueling head (the network factory's `dueling: true`) and double DQN, trained on
 * a fixed dataset with the per-sample loss
 *
 * `tdCoefficient * CE(target distribution, softmax(logits(s, a))) + cqlCoefficient * (logsumexp_a Q(s, a) - Q(s, a))`
 *
 * where `Q(s, a) = sum_i softmax(logits(s, a))_i z_i` are the mean Q values: the CQL term acts on the
 * expectations, as Dopamine computes it (`bc_loss = mean(logsumexp(q_values) - replay_chosen_q)` on
 * the network's `q_values`), and its gradient flows through them into the logits.
 *
 * Offline the runner drives it with `trainStep()` (one gradient update; the target copied every
 * `targetUpdatePeriod` gradient steps, 100 in Table 3). Dopamine's agent counts each train step twice
 * (its `_training_step_update` and the `_train_step` around it both increment `training_steps`), so
 * its target is in effect copied every 50 updates with that setting; here the period counts updates
 * exactly as written. Pruners and other hooks attach as for Rainbow.
 */
export class CQLC51Agent extends ValueAgent {
  readonly kind = 'cql-c51';
  readonly double: boolean;
  readonly cqlCoefficient: number;
  readonly tdCoefficient: number;
  /** The head's support z_1..z_N. */
  readonly support: Float32Array;
  private readonly supportTensors: C51Support;

  constructor(input: CQLC51AgentInput) {
    super(checkUniformReplay('CQLC51Agent', input), { owner: 'CQLC51Agent', extraKeys: CQL_C51_OPTION_KEYS, checkHead: checkOfflineC51Head, defaults: { updatePeriod: 1, targetUpdatePeriod: 100 } });
    const resolved = resolveCQLC51Options('CQLC51Agent', input);
    this.double = resolved.double;
    this.cqlCoefficient = resolved.cqlCoefficient;
    this.tdCoefficient = resolved.tdCoefficient;
    this.support = Float32Array.from(this.online.head.support!);
    this.supportTensors = { values: this.support, tensor: tf.keep(tf.tensor1d(this.support)) };
  }

  /** The mean Q values `sum_i softmax(logits)_i z_i` per action. */
  protected qValues(network: QNetwork, observations: tf.Tensor): tf.Tensor2D {
    return expectedValues(tf.softmax(network.apply(observations)), this.supportTensors);
  }

  protected computeTargets(batch: BatchTensors): tf.Tensor2D {
    return c51Targets(this.online, this.target, batch, this.supportTensors, this.numActions, this.double);
  }

  protected perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D {
    const logits = this.online.apply(batch.observations);
    const crossEntropy = c51CrossEntropy(logits, batch.actions, targets, this.numActions);
    const meanQ = expectedValues(tf.softmax(logits), this.supportTensors);
    return tf.add(tf.mul(crossEntropy, this.tdCoefficient), tf.mul(cqlTerm(meanQ, batch.actions), this.cqlCoefficient)) as tf.Tensor1D;
  }

  /** Uniform replay (Table 3; a prioritized buffer is refused): no importance weights. */
  protected lossWeights(): undefined {
    return undefined;
  }

  protected newPriorities(): undefined {
    return undefined;
  }

  protected override disposeOwn(): void {
    this.supportTensors.tensor.dispose();
  }
}
