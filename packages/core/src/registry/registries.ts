import type { Agent } from '../contracts/agent';
import type { Environment } from '../contracts/environment';
import type { Optimizer } from '../contracts/optimizer';
import type { Pruner } from '../contracts/pruner';
import type { NetworkFactory } from '../contracts/q-network';
import type { ReplayBuffer } from '../contracts/replay-buffer';
import type { UpdateHook } from '../contracts/update-hook';
import type { Rng } from '../rng/rng';
import type { Action } from '../spaces/action';
import type { Space, TypedArray } from '../spaces/space';
import { registryOf } from './registry';

/** Run-wide facts handed to every registered factory. */
export interface FactoryContext {
  /** A stream reserved for the object being built. */
  readonly rng: Rng;
  /** Total gradient updates planned, when known (pruning schedules scale with it). */
  readonly totalUpdates?: number;
  /**
   * The run's network factory, when the caller has built it (the runner gives it to the `hooks` of a
   * config, not to the pruner): hooks that re-initialise weights (ReDo, Reset) build a fresh network
   * from it to draw each layer's own initialisation.
   */
  readonly networkFactory?: NetworkFactory;
  /**
   * The run's replay buffer, when the caller has built it (as `networkFactory`): hooks that need data
   * beyond the update's minibatch (ReDo's 256-state batch for dormant-neuron scores) sample it with
   * their own stream.
   */
  readonly replay?: ReplayBuffer;
}

/**
 * Builds an environment from its options (`make(id, options)`): discrete (`number` actions) or
 * continuous (`Float32Array` actions of a `Box` space).
 */
export type EnvironmentRegistration = (options: Record<string, unknown>) => Environment<TypedArray, Action>;
/** Builds a network factory (one architecture) from options (`{ torso, head, width, ... }`). */
export type NetworkRegistration = (options: Record<string, unknown>) => NetworkFactory;
/** Builds an update hook from options. */
export type UpdateHookRegistration = (options: Record<string, unknown>, context: FactoryContext) => UpdateHook;
/**
 * Builds a pruner from options: a {@link Pruner}, not any hook, so whoever builds a config's pruner
 * can read its masks and sparsity without checking what it got.
 */
export type PrunerRegistration = (options: Record<string, unknown>, context: FactoryContext) => Pruner;
/**
 * Builds a replay buffer for observations of a given shape and dtype, and for continuous actions of
 * `actionShape` when the task has them (absent: discrete actions).
 */
export type ReplayBufferRegistration = (
  options: Record<string, unknown>,
  spec: { readonly observationShape: readonly number[]; readonly observationDtype: string; readonly actionShape?: readonly number[] },
) => ReplayBuffer;
/** Builds an optimiser from options (`{ learningRate, epsilon, ... }`). */
export type OptimizerRegistration = (options: Record<string, unknown>) => Optimizer;
/** What an agent factory receives: its collaborators and options. */
export interface AgentComponents {
  readonly networkFactory: NetworkFactory;
  readonly replay: ReplayBuffer;
  readonly optimizer: Optimizer;
  readonly hooks: readonly UpdateHook[];
  /**
   * The number of actions of a `Discrete` action space; for a `Box` action space, the number of
   * values in one action (its `size`), so code that sizes an output layer from it keeps working.
   */
  readonly numActions: number;
  readonly observationShape: readonly number[];
  /**
   * The environment's action space. The runner always gives it; agents of continuous actions (SAC)
   * need it for the bounds they squash onto, and any agent may check it is the kind it acts in.
   * Optional so that code written for discrete agents before continuous actions still compiles.
   */
  readonly actionSpace?: Space<Action>;
}
/**
 * Builds an agent from its components and options: one of discrete actions (`Agent<number>`, the
 * value agents) or of continuous ones (`Agent<Float32Array>`, SAC), hence `Agent<Action>`.
 */
export type AgentRegistration = (components: AgentComponents, options: Record<string, unknown>, context: FactoryContext) => Agent<Action>;

/** Environment ids (`CartPole-v1`, `MinAtar/Breakout-v1`). */
export const environments = registryOf<EnvironmentRegistration>('environments');
/** Network architectures (`mlp`, `minatar-cnn`, `nature-cnn`, `impala`). */
export const networks = registryOf<NetworkRegistration>('networks');
/** Pruners (`gmp`, `random`, `rigl`, ...). */
export const pruners = registryOf<PrunerRegistration>('pruners');
/** Other update hooks (`redo`, `reset`, `weight-decay`). */
export const updateHooks = registryOf<UpdateHookRegistration>('update-hooks');
/** Replay buffers (`uniform`, `prioritized`). */
export const replayBuffers = registryOf<ReplayBufferRegistration>('replay-buffers');
/** Optimisers (`adam`, `rmsprop-centered`). */
export const optimizers = registryOf<OptimizerRegistration>('optimizers');
/** Agents (`dqn`, `rainbow`, `iqn`, ...). */
export const agents = registryOf<AgentRegistration>('agents');
