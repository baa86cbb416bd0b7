import { ConfigError, isBox, type Box, type Environment, type TypedArray } from '@prunerl/core';

/**
 * The wrapped environment's action space, which must be a float32 `Box` (continuous actions);
 * otherwise a `ConfigError` names `<wrapper> env.actionSpace`.
 */
export function boxActionSpaceOf(wrapper: string, env: Environment<TypedArray, Float32Array>): Box<'float32'> {
  const space = env.actionSpace;
  if (!isBox(space) || space.dtype !== 'float32') {
    throw new ConfigError({ field: `${wrapper} env.actionSpace`, value: space.toJSON(), expected: 'a float32 Box space (continuous actions)' });
  }
  return space as Box<'float32'>;
}
