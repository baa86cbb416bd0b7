import { ConfigError } from '@prunerl/core';

/**
 * The `[height, width, channels]` of an image observation shape (channels last, as Dopamine and
 * MinAtar store frames); any other rank is a {@link ConfigError} naming `observationShape`.
 */
export function imageShape(torso: string, shape: readonly number[]): [number, number, number] {
  if (shape.length !== 3) {
    throw new ConfigError({
      field: 'observationShape',
      value: shape,
      expected: `[height, width, channels] for the ${torso} torso`,
      hint: 'Use the mlp torso for flat observations.',
    });
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}
