import { ConfigError, inputScaleOf, isBox, isDiscrete, type Action, type DType, type Environment, type TypedArray } from '@prunerl/core';

/** The task an agent is built for, read from the environment's spaces. */
export interface TaskSpec {
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
  readonly numActions: number;
  /** What the observation space calls for before the first layer (`inputScaleOf`: 1/255 for 0-255 frames, else 1). */
  readonly inputScale: number;
}

/** Reads observation shape, dtype and action count; only Box observations and Discrete actions fit. */
export function taskOf(env: Environment<TypedArray, Action>): TaskSpec {
  const { observationSpace, actionSpace } = env;
  if (!isBox(observationSpace)) {
    throw new ConfigError({ field: 'environment.id', value: env.id, expected: 'an environment with a Box observation space' });
  }
  if (!isDiscrete(actionSpace)) {
    throw new ConfigError({ field: 'environment.id', value: env.id, expected: 'an environment with a Discrete action space (value-based agents)' });
  }
  return {
    observationShape: [...observationSpace.shape],
    observationDtype: observationSpace.dtype,
    numActions: actionSpace.n,
    // A plugin's own Box may come without bounds: then nothing to scale by.
    inputScale: observationSpace.low && observationSpace.high ? inputScaleOf(observationSpace) : 1,
  };
}
