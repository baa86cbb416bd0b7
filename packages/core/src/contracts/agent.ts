import type { Transition } from '../data/transition';
import type { Action } from '../spaces/action';
import type { TypedArray } from '../spaces/space';
import type { QNetwork } from './q-network';

/** Acting for training (epsilon-greedy on the schedule) or evaluation (`epsilonEval`). */
export type ActMode = 'train' | 'eval';

/** What `observe` reports after storing a transition. */
export interface ObserveResult {
  /** Gradient updates performed during this call (0 most steps). */
  readonly updates: number;
  /** Mean loss of those updates, if any. */
  readonly loss?: number;
}

/**
 * Actions for several observations at once: an `Int32Array` of indices for discrete agents, or the
 * `Float32Array` of every action laid end to end (`count * actionSize` values) for continuous ones.
 */
export type ActionBatch<Act extends Action> = Act extends number ? Int32Array : Float32Array;

/** Serialisable agent state (networks, optimiser, counters, RNG streams, hook states). */
export interface AgentState {
  readonly kind: string;
  readonly version: number;
  readonly [key: string]: unknown;
}

/**
 * An agent. A value-based one owns an online and a target network, an optimiser, a replay buffer and
 * a list of update hooks, all received from outside (constructor or container); an actor-critic one
 * (SAC) owns an actor, critics and their targets the same way. `Act` is its action: `number` for
 * discrete actions (the default), `Float32Array` for continuous control.
 */
export interface Agent<Act extends Action = number> {
  /** Registry name (`dqn`, `rainbow`). */
  readonly kind: string;
  /** Environment steps observed so far. */
  readonly steps: number;
  /** Gradient updates done so far. */
  readonly updates: number;
  /** One action for one observation. */
  act(observation: TypedArray, mode: ActMode): Act;
  /** Actions for `count` observations laid end to end (one forward pass). */
  actBatch(observations: TypedArray, count: number, mode: ActMode): ActionBatch<Act>;
  /** Stores the transition and trains when the schedule says so. */
  observe(transition: Transition<TypedArray, Act>): ObserveResult;
  /**
   * Optional: the training epsilon of the behaviour policy right now, i.e. the probability that the
   * next `act(..., 'train')` explores (0 for agents that explore otherwise, as NoisyNet agents do).
   * A runner that logs a dataset of transitions reads it before `observe`, so every logged
   * transition carries the epsilon its action was chosen with (offline RL datasets record it).
   */
  readonly epsilon?: number;
  /**
   * Optional: one offline training step, from the replay buffer alone (a fixed dataset: nothing is
   * added). Dopamine's fixed-replay `train_step` with an update every step: a gradient update, then
   * a copy into the target network when the gradient-step count before it is a multiple of the
   * target period. Update hooks (pruners) run as for online updates, and their schedules count these
   * gradient steps. An agent without it cannot train offline.
   */
  trainStep?(): ObserveResult;
  /**
   * Optional: scalars for logs, keyed by name (`epsilon`, `loss`, and each hook's metrics as
   * `<hook>/<name>`). An agent that has it reports its hooks' metrics itself; for one without it,
   * the runner reads every hook's `metrics()` directly, so plugin agents log their hooks either way.
   */
  metrics?(): Record<string, number>;
  /**
   * Optional: the network the agent acts with and trains (its online network; an actor-critic
   * agent's actor), so a runner can
   * count its parameters and diagnose it (dormant neurons, SRank) without knowing the agent's class.
   * Agents without one (plugins with another structure) get no network diagnostics.
   */
  readonly online?: QNetwork;
  /** Agent state without the replay buffer (which checkpoints itself). */
  state(): AgentState;
  restore(state: AgentState): void;
  dispose(): void;
}

/** DI token of {@link Agent}. */
export const Agent = Symbol.for('@prunerl/core/Agent');
