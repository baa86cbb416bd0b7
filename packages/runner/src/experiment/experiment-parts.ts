import type { Action, Agent, Environment, Pruner, ReplayBuffer, TypedArray, UpdateHook } from '@prunerl/core';

/**
 * Everything one run trains with, built from a config (or by hand): the training and evaluation
 * environments, the agent and the collaborators the runner also needs to reach (the replay buffer,
 * which checkpoints itself, and the hooks, for their metrics).
 */
export interface ExperimentParts {
  readonly env: Environment<TypedArray, Action>;
  /** A second instance for evaluation episodes, so they never disturb the training episode. */
  readonly evalEnv: Environment<TypedArray, Action>;
  /** A value agent (discrete actions) or an agent of continuous actions (SAC). */
  readonly agent: Agent<Action>;
  readonly replay: ReplayBuffer;
  /** Every update hook given to the agent: the config's `hooks`, then the pruner. */
  readonly hooks: readonly UpdateHook[];
  /** The config's pruner (the last of `hooks`), if it names one. */
  readonly pruner: Pruner | undefined;
  /** Number of scalar parameters of the online network, when the runner could count them. */
  readonly parameterCount: number | undefined;
  /** Frees tensors (agent, networks, hooks) and closes the environments. */
  dispose(): void;
}

/**
 * Whether an update hook is a {@link Pruner} (it reports masks and sparsity). The `pruners` registry
 * promises one; this checks what a JavaScript plugin registered before the run relies on it.
 */
export function isPruner(hook: UpdateHook | undefined): hook is Pruner {
  return hook !== undefined && typeof (hook as Partial<Pruner>).masks === 'function' && typeof (hook as Partial<Pruner>).sparsity === 'function';
}
