import { impalaTorso } from './impala-torso';
import { minatarCnnTorso } from './minatar-cnn-torso';
import { mlpTorso } from './mlp-torso';
import { natureCnnTorso } from './nature-cnn-torso';
import type { TorsoDefinition } from './torso';

/**
 * The built-in torsos by name: one row each. Architecture validation (which options a torso
 * takes), building and the `networks` registry read it; the forward passes read the torso's own
 * layer ops, so a new torso is its file and its row here.
 */
export const TORSOS = {
  mlp: mlpTorso,
  'minatar-cnn': minatarCnnTorso,
  'nature-cnn': natureCnnTorso,
  impala: impalaTorso,
} as const satisfies Record<string, TorsoDefinition>;

/** The built-in torsos. */
export type TorsoName = keyof typeof TORSOS;

/** Every {@link TorsoName}. */
export const TORSO_NAMES: readonly TorsoName[] = Object.keys(TORSOS) as TorsoName[];
