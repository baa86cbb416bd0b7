import * as tf from '@tensorflow/tfjs-core';
import type { BatchTensors } from '../agent/value-agent';
import type { ValueAgentComponents } from '../agent/value-agent-options';
import { DQN_OPTION_KEYS, DQNAgent, resolveDQNOptions, type DQNOptions } from '../dqn/dqn-agent';
import { selectActionValues } from '../losses/loss-kernels';
import { tdLoss, type TdLossKind } from '../losses/td-loss';
import { checkUniformReplay, CQL_COEFFICIENT_KEYS, resolveCQLCoefficients, type CQLCoefficients } from './cql-options';
import { cqlTerm } from './cql-term';

/** CQL's options: DQN's (the squared TD error by default, as DQN's) and the two coefficients. */
export interface CQLOptions extends DQNOptions, CQLCoefficients {}

/** Everything {@link CQLAgent}'s constructor takes. */
export type CQLAgentInput = ValueAgentComponents & CQLOptions;

/** Option names of {@link CQLOptions} beyond the shared value-agent ones. */
export const CQL_OPTION_KEYS = [...DQN_OPTION_KEYS, ...CQL_COEFFICIENT_KEYS] as const;

/** CQL's options resolved: {@link resolveDQNOptions}' and the coefficients. */
export interface ResolvedCQLOptions {
  readonly loss: TdLossKind;
  readonly huberDelta: number;
  readonly double: boolean;
  readonly cqlCoefficient: number;
  readonly tdCoefficient: number;
}

/**
 * Validates CQL's own options (a `ConfigError` names `<owner>.<field>`) and fills in the defaults:
 * DQN's squared TD error (PAPER.md 1.1, Dopamine JAX's `loss_type='mse'`: the paper calls CQL
 * "DQN-style" and its TD part a "Q-loss"; Dopamine's `OfflineJaxRainbowAgent` uses the Huber loss on
 * scalar heads, `loss: 'huber'` here), no double DQN (Table 3), alpha 0.1, TD weight 1. Measured on
 * CartPole-v1 from a logged DQN dataset (1-step, Adam 1e-3): with the Huber loss the greedy policy
 * stayed on one action for 6,000 gradient steps, with the squared error it passed the behaviour
 * policy within 1,000.
 */
export function resolveCQLOptions(owner: string, options: CQLOptions): ResolvedCQLOptions {
  return { ...resolveDQNOptions(owner, options), ...resolveCQLCoefficients(owner, options) };
}

/**
 * Offline CQL in its DQN form (PAPER.md 2.2 and Table 3; Kumar et al. 2020): DQN's 1-step TD loss on
 * a fixed dataset plus alpha times the CQL regulariser, per sample
 *
 * `tdCoefficient * (r + discount * max_a' Q_target(s', a') - Q(s, a))^2 + cqlCoefficient * (logsumexp_a Q(s, a) - Q(s, a))`
 *
 * whose batch mean is Dopamine's `td_coefficient * mean_td_loss + bc_coefficient * bc_loss`
 * (`labs/offline_rl/jax/offline_rainbow_agent.py`). No dueling and no double DQN by default, as Table
 * 3 lists: a `DQNAgent` whose per-sample loss adds the CQL term. Offline, the runner drives it with `trainStep()` (one gradient update, the target copied
 * every `targetUpdatePeriod` gradient steps: Table 3's 2,000, Dopamine's offline `jax_dqn.gin`); it
 * also trains online through `observe` like DQN. Every `UpdateHook` (pruners, ReDo, Reset, weight
 * decay) attaches as it does to DQN, and pruning schedules count its gradient steps.
 *
 * @example
 * ```ts
 * const agent = new CQLAgent({
 *   networkFactory, replay: fixedReplay, optimizer: new AdamOptimizer({ learningRate: 5e-5, epsilon: 3.125e-4 }),
 *   hooks: [pruner], numActions: 6, observationShape: [10, 10, 4], minReplayHistory: 0, updatePeriod: 1, totalSteps: 100_000,
 * });
 * for (let step = 0; step < 100_000; step++) agent.trainStep();
 * ```
 */
export class CQLAgent extends DQNAgent {
  override readonly kind: string = 'cql';
  /** alpha, the weight of the CQL regulariser. */
  readonly cqlCoefficient: number;
  readonly tdCoefficient: number;

  constructor(input: CQLAgentInput) {
    super(checkUniformReplay('CQLAgent', input), { owner: 'CQLAgent', extraKeys: CQL_COEFFICIENT_KEYS, defaults: { updatePeriod: 1, targetUpdatePeriod: 2_000 }, c51Agent: 'CQLC51Agent' });
    const coefficients = resolveCQLCoefficients('CQLAgent', input);
    this.cqlCoefficient = coefficients.cqlCoefficient;
    this.tdCoefficient = coefficients.tdCoefficient;
  }

  /** `tdCoefficient * td + cqlCoefficient * (logsumexp_a Q - Q(s, a))` per sample; targets and acting are DQN's (a prioritized buffer is refused: see `checkUniformReplay`). */
  protected override perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D {
    const q = this.online.apply(batch.observations, { noise: true });
    const td = tdLoss(this.lossKind, targets, selectActionValues(q, batch.actions), this.huberDelta);
    return tf.add(tf.mul(td, this.tdCoefficient), tf.mul(cqlTerm(q, batch.actions), this.cqlCoefficient)) as tf.Tensor1D;
  }
}
