import { ConfigError } from '@prunerl/core';
import { IMPALA_TORSO } from './impala-torso';
import { MINATAR_CNN_TORSO } from './minatar-cnn-torso';
import { MLP_TORSO } from './mlp-torso';
import { NATURE_CNN_TORSO } from './nature-cnn-torso';
import type { TorsoDefinition, TorsoOptionKey } from './torso';

/**
 * The torsos of this package, one row each (see docs/adding-a-torso.md). Torso names and their
 * option checks (`resolveArchitecture`), network construction (`TorsoHeadNetwork`) and the
 * `networks` registry entries (`registerBuiltinNetworks`) all read this list.
 */
export const TORSOS = [MLP_TORSO, MINATAR_CNN_TORSO, NATURE_CNN_TORSO, IMPALA_TORSO] as const;

/** The name of a torso of {@link TORSOS}. */
export type TorsoName = (typeof TORSOS)[number]['name'];

/** Every {@link TorsoName}, in registry order. */
export const TORSO_NAMES: readonly TorsoName[] = TORSOS.map((t) => t.name);

/** The names in {@link TORSOS} now (read at call time, so the list stays the one source). */
export function torsoNames(): readonly string[] {
  return (TORSOS as readonly TorsoDefinition[]).map((t) => t.name);
}

/** The definition of torso `name`, or a `ConfigError` naming the field `torso`. */
export function torsoDefinition(name: string): TorsoDefinition {
  const definition = (TORSOS as readonly TorsoDefinition[]).find((t) => t.name === name);
  if (!definition) {
    throw new ConfigError({ field: 'torso', value: name, expected: `one of ${torsoNames().map((n) => JSON.stringify(n)).join(', ')}` });
  }
  return definition;
}

/** The torsos that take option `key`, in registry order. */
export function torsosTaking(key: TorsoOptionKey): string[] {
  return (TORSOS as readonly TorsoDefinition[]).filter((t) => t.options.includes(key)).map((t) => t.name);
}
