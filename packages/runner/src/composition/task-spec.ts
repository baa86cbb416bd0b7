import { ConfigError, inputScaleOf, isBox, isDiscrete, type Action, type DType, type Environment, type Space, type TypedArray } from '@prunerl/core';

/** The task an agent is built for, read from the environment's spaces. */
export interface TaskSpec {
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
  /** A `Discrete` action space's number of actions; for a `Box` action space, the values in one action. */
  readonly numActions: number;
  /** The environment's action space (agents of continuous actions squash onto its bounds). */
  readonly actionSpace: Space<Action>;
  /** Shape of one continuous action (a `Box` action space), for the replay buffer; absent for discrete actions. */
  readonly actionShape?: readonly number[];
  /** What the observation space calls for before the first layer (`inputScaleOf`: 1/255 for 0-255 frames, else 1). */
  readonly inputScale: number;
}

/**
 * Reads observation shape and dtype and the action space: Box observations, and Discrete actions
 * (value agents) or float32 Box actions (continuous control: SAC). Which agent fits which is the
 * agent's business (`checkAgentFitsTask`).
 */
export function taskOf(env: Environment<TypedArray, Action>): TaskSpec {
  const { observationSpace, actionSpace } = env;
  if (!isBox(observationSpace)) {
    throw new ConfigError({ field: 'environment.id', value: env.id, expected: 'an environment with a Box observation space' });
  }
  const box = isBox(actionSpace) && actionSpace.dtype === 'float32';
  if (!isDiscrete(actionSpace) && !box) {
    throw new ConfigError({ field: 'environment.id', value: env.id, expected: 'an environment with a Discrete or a float32 Box action space' });
  }
  return {
    observationShape: [...observationSpace.shape],
    observationDtype: observationSpace.dtype,
    numActions: isDiscrete(actionSpace) ? actionSpace.n : actionSpace.size,
    actionSpace,
    ...(isBox(actionSpace) ? { actionShape: [...actionSpace.shape] } : {}),
    // A plugin's own Box may come without bounds: then nothing to scale by.
    inputScale: observationSpace.low && observationSpace.high ? inputScaleOf(observationSpace) : 1,
  };
}
