import type { Tensor } from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { WeightGradients } from '../kernels/weight-gradients';
import type { NamedGradients } from './named-tensors';
import type { Optimizer } from './optimizer';
import type { Parameter } from './parameter';
import type { QNetwork } from './q-network';

/** What an agent tells its hooks around each gradient update. */
export interface UpdateContext {
  /**
   * Gradient updates completed so far. In `beforeUpdate` it is the index of the update about to
   * run (JaxPruner's `count`); in `afterUpdate` it already includes the update just done.
   */
  readonly step: number;
  /** `step / totalUpdates` when the agent knows its budget, else `undefined`. */
  readonly trainingFraction: number | undefined;
  /** Total gradient updates planned for the run, when known (schedules scale with it). */
  readonly totalUpdates: number | undefined;
  /**
   * The parameters hooks may see and edit: the online network's (the ones the optimiser updates).
   * An actor-critic agent lists every network it trains, each parameter's name and layer prefixed
   * with its network's name (SAC: `actor/...`, `critic1/...`, `critic2/...`), so one pruner masks all
   * of them; target networks are not listed (they follow the online ones: a Polyak-averaged target
   * keeps the online network's exact zeros), nor are non-network parameters (SAC's temperature).
   */
  readonly parameters: readonly Parameter[];
  /** The online network (an actor-critic agent's actor; `networks` names them all). */
  readonly network: QNetwork;
  /**
   * Every online network whose parameters are in `parameters`, by the name that prefixes them
   * (`actor`, `critic1`, `critic2`); absent for agents with one network, whose names carry no prefix.
   */
  readonly networks?: ReadonlyMap<string, QNetwork>;
  readonly optimizer: Optimizer;
  /**
   * In `afterUpdate`: the parameters whose gradient, as the optimiser received it, was exactly zero
   * at every zero weight (a kept weight gradient: core's `isKeptWeightGradient`). Absent when the
   * agent does not tell: assume none.
   */
  readonly keptGradients?: ReadonlySet<string>;
  /** The minibatch of this update (for hooks that need data, e.g. ReDo). */
  readonly batch?: Batch;
  /** Observations tensor of the batch, when the agent has built it. Owned by the agent. */
  readonly observations?: Tensor;
}

/**
 * The one extension point through which pruning and other interventions attach to any agent and any
 * network. An agent calls, for every gradient update:
 * 0. `weightGradients(ctx)` (before the gradients are taken: which of them the hooks need),
 * 1. `beforeUpdate(ctx)` (parameters are still those the loss is computed at),
 * 2. `transformGradients(grads, ctx)` (may return new gradients; the agent disposes replaced ones),
 * 3. the optimiser update,
 * 4. `afterUpdate(ctx)` (e.g. re-apply masks so pruned weights are exactly zero).
 * Every method is optional except `afterUpdate`. Hooks run in the order they were given.
 */
export interface UpdateHook {
  /** A short name for logs (`gmp`, `redo`). */
  readonly name: string;
  beforeUpdate?(context: UpdateContext): void;
  transformGradients?(gradients: NamedGradients, context: UpdateContext): NamedGradients;
  /**
   * Which weight gradients the update `context.step` needs, asked before they are computed:
   * `kept` when the exact zeros of the weights are this hook's mask and stay pruned through the
   * update (no zero weight is regrown or revived at this step), so their gradients may be left
   * zero; `dense` when the hook reads or needs the gradients of zero weights (RigL's grow step
   * scores them, a ReDo reset zeroes weights that must learn again). An agent computes `kept`
   * gradients only when every hook answers `kept`; a hook without this method counts as `dense`.
   * See core's `WeightGradients`.
   */
  weightGradients?(context: UpdateContext): WeightGradients;
  afterUpdate(context: UpdateContext): void;
  /** Scalar metrics to log (e.g. `sparsity`), read by the agent or runner when it logs. */
  metrics?(): Record<string, number>;
  /** Checkpoint support; hooks without state may omit both. */
  state?(): unknown;
  restore?(state: unknown): void;
  dispose?(): void;
}

/** DI token of {@link UpdateHook} (multi-bound: every bound hook is attached). */
export const UpdateHook = Symbol.for('@prunerl/core/UpdateHook');
