import { checkNumber, ConfigError } from '@prunerl/core';

/**
 * The two anchors of a linear score normalisation: `random` maps to 0 and `reference` to 1
 * (human for Atari's human-normalised score, PAPER.md 4.1).
 */
export interface ScoreAnchors {
  readonly random: number;
  readonly reference: number;
}

/** Anchors per task key (see {@link Normalizer}). */
export type NormalizationTable = Readonly<Record<string, ScoreAnchors>>;

/** Maps a raw score on a task to its normalised score. Throws a ConfigError for unknown tasks. */
export interface Normalizer {
  (score: number, task: string): number;
  /** A short description of the anchors, for reports (`human-normalised (Dopamine table)`). */
  readonly label: string;
  /** True if the task has anchors (after the key mapping). */
  has(task: string): boolean;
  /** The anchors used for `task`; throws like the normaliser itself when there are none. */
  anchors(task: string): ScoreAnchors;
}

/** `(score - random) / (reference - random)`: 0 at random play, 1 at the reference. */
export function normalizeScore(score: number, anchors: ScoreAnchors): number {
  return (score - anchors.random) / (anchors.reference - anchors.random);
}

/** Options of {@link createNormalizer}. */
export interface NormalizerOptions {
  /** Maps a task name to its key in the table (e.g. `ALE/Pong-v5` -> `pong`). Default: identity. */
  readonly taskKey?: (task: string) => string;
  /** Description for reports. Default `normalised`. */
  readonly label?: string;
}

/**
 * Builds a {@link Normalizer} from a user-supplied table (any suite: MuJoCo, Procgen, your own).
 * Every entry is checked: finite anchors with `reference !== random`.
 *
 * @example
 * ```ts
 * const norm = createNormalizer({ 'CartPole-v1': { random: 22, reference: 500 } }, { label: 'CartPole-normalised' });
 * norm(261, 'CartPole-v1'); // 0.5
 * ```
 */
export function createNormalizer(table: NormalizationTable, options: NormalizerOptions = {}): Normalizer {
  if (table === null || typeof table !== 'object') {
    throw new ConfigError({ field: 'createNormalizer(table)', value: table, expected: 'an object { task: { random, reference } }' });
  }
  const copy = new Map<string, ScoreAnchors>();
  for (const [key, anchors] of Object.entries(table)) {
    const random = checkNumber(`normalization table.${key}.random`, anchors?.random);
    const reference = checkNumber(`normalization table.${key}.reference`, anchors?.reference);
    if (reference === random) {
      throw new ConfigError({ field: `normalization table.${key}.reference`, value: reference, expected: `a score different from random (${random})` });
    }
    copy.set(key, { random, reference });
  }
  const taskKey = options.taskKey ?? ((task: string) => task);
  const label = options.label ?? 'normalised';
  const anchors = (task: string): ScoreAnchors => {
    const found = copy.get(taskKey(task));
    if (!found) {
      throw new ConfigError({
        field: 'task',
        value: task,
        expected: `a task of the ${label} table (key ${JSON.stringify(taskKey(task))} is not among ${copy.size} entries)`,
        hint: 'Supply its anchors with createNormalizer({ [task]: { random, reference } }).',
      });
    }
    return found;
  };
  const normalizer = ((score: number, task: string) => normalizeScore(score, anchors(task))) as Normalizer;
  Object.defineProperties(normalizer, {
    label: { value: label, enumerable: true },
    has: { value: (task: string) => copy.has(taskKey(task)) },
    anchors: { value: anchors },
  });
  return normalizer;
}
