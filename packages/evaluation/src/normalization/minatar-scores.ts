import { createNormalizer, type NormalizationTable, type Normalizer } from './normalization-table';

/**
 * Anchors for MinAtar (no human scores exist): `random` is the mean return of a uniform random
 * policy (full action set, sticky-action probability 0.1, measured with the reference
 * kenjyoung/MinAtar 1.0.15), `reference` the final return of the reference DQN
 * (`examples/dqn.py`: 5M frames, read off the published learning curves, so approximate to about
 * 10%). A normalised score of 1 therefore means "as good as MinAtar's reference DQN", 0 "random".
 *
 * | game | random | DQN reference |
 * |---|---|---|
 * | Asterix | 0.51 | 17 |
 * | Breakout | 0.51 | 10 |
 * | Freeway | 0.13 | 50 |
 * | Seaquest | 0.10 | 20 (older MinAtar version) |
 * | SpaceInvaders | 2.85 | 43 |
 *
 * Keys: `asterix`, `breakout`, `freeway`, `seaquest`, `spaceinvaders` (see {@link minatarGameKey}).
 */
export const MINATAR_RANDOM_DQN_SCORES: NormalizationTable = Object.freeze({
  asterix: { random: 0.51, reference: 17 },
  breakout: { random: 0.51, reference: 10 },
  freeway: { random: 0.13, reference: 50 },
  seaquest: { random: 0.1, reference: 20 },
  spaceinvaders: { random: 2.85, reference: 43 },
});

/**
 * Canonical MinAtar key: `MinAtar/SpaceInvaders-v1`, `space_invaders` and `SpaceInvaders` all give
 * `spaceinvaders`.
 */
export function minatarGameKey(task: string): string {
  return task
    .slice(task.lastIndexOf('/') + 1)
    .replace(/-v\d+$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Random-to-reference-DQN normalised MinAtar score (anchors in {@link MINATAR_RANDOM_DQN_SCORES}). */
export function minatarNormalizer(): Normalizer {
  return createNormalizer(MINATAR_RANDOM_DQN_SCORES, { taskKey: minatarGameKey, label: 'MinAtar score normalised by random and reference-DQN returns' });
}
