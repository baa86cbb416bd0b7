import { ConfigError, type Augmentation } from '@prunerl/core';
import { DrQAugmentation, type DrQAugmentationOptions } from './drq-augmentation';

/**
 * An agent's `augmentation` option as an {@link Augmentation}: an object with an `apply` method is
 * taken as is; a plain object is read as {@link DrQAugmentationOptions} (so presets and JSON configs
 * can ask for one); `undefined` means none. A {@link DrQAugmentation} is checked against the
 * observation shape (padding needs images). Failures are `ConfigError`s naming `<owner>.augmentation`.
 */
export function resolveAugmentation(
  owner: string,
  value: Augmentation | DrQAugmentationOptions | undefined,
  observationShape: readonly number[],
): Augmentation | undefined {
  if (value === undefined) return undefined;
  const field = `${owner}.augmentation`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError({ field, value, expected: 'an Augmentation (name, apply) or DrQ augmentation options { pad, intensityScale, ... }' });
  }
  let augmentation: Augmentation;
  if (typeof (value as Augmentation).apply === 'function') {
    augmentation = value as Augmentation;
    if (typeof augmentation.name !== 'string') {
      throw new ConfigError({ field, value, expected: 'an Augmentation with a name' });
    }
  } else {
    try {
      augmentation = new DrQAugmentation(value as DrQAugmentationOptions);
    } catch (error) {
      if (error instanceof ConfigError) {
        throw new ConfigError({ field: `${owner}.${error.field}`, value: error.value, expected: error.expected }, { cause: error });
      }
      throw error;
    }
  }
  if (augmentation instanceof DrQAugmentation) augmentation.checkObservationShape(observationShape, field);
  return augmentation;
}
