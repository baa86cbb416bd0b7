import { ConfigError } from '@prunerl/core';
import { ATARI_HUMAN_RANDOM_SCORES, atariGameKey, atariNormalizer } from './atari-scores';
import { MINATAR_RANDOM_DQN_SCORES, minatarGameKey, minatarNormalizer } from './minatar-scores';
import { createNormalizer, normalizeScore } from './normalization-table';

describe('normalizeScore', () => {
  it('should map random to 0 and the reference to 1', () => {
    expect(normalizeScore(10, { random: 10, reference: 30 })).toBe(0);
    expect(normalizeScore(30, { random: 10, reference: 30 })).toBe(1);
    expect(normalizeScore(50, { random: 10, reference: 30 })).toBe(2);
    // Negative anchors (Skiing-style): higher is still better.
    expect(normalizeScore(-10, { random: -20, reference: -10 })).toBe(1);
  });
});

describe('atariNormalizer', () => {
  it('should hold the 57 Atari games with the paper table values', () => {
    expect(Object.keys(ATARI_HUMAN_RANDOM_SCORES)).toHaveLength(57);
    // PAPER.md 4.1 (Dopamine normalization_utils.py): MsPacman 307.3 / 6951.6, VideoPinball 0 / 17667.9.
    expect(ATARI_HUMAN_RANDOM_SCORES.mspacman).toEqual({ random: 307.3, reference: 6951.6 });
    expect(ATARI_HUMAN_RANDOM_SCORES.videopinball).toEqual({ random: 0, reference: 17667.9 });
    expect(ATARI_HUMAN_RANDOM_SCORES.defender).toEqual({ random: 2874.5, reference: 18688.9 });
  });

  it('should accept the usual spellings of a game', () => {
    for (const name of ['ALE/MsPacman-v5', 'MsPacmanNoFrameskip-v4', 'ms_pacman', 'MsPacman']) expect(atariGameKey(name)).toBe('mspacman');
    const hns = atariNormalizer();
    expect(hns(14.6, 'PongNoFrameskip-v4')).toBeCloseTo(1, 12);
    expect(hns(-20.7, 'ALE/Pong-v5')).toBe(0);
    expect(hns.has('Pooyan')).toBe(false);
    expect(hns.label).toMatch(/human/);
  });

  it('should refuse games without published anchors, saying how to supply them', () => {
    expect(() => atariNormalizer()(100, 'AirRaid')).toThrow(ConfigError);
    expect(() => atariNormalizer()(100, 'AirRaid')).toThrow(/createNormalizer/);
  });
});

describe('minatarNormalizer', () => {
  it('should normalise by the random-policy and reference-DQN returns', () => {
    expect(Object.keys(MINATAR_RANDOM_DQN_SCORES)).toEqual(['asterix', 'breakout', 'freeway', 'seaquest', 'spaceinvaders']);
    expect(minatarGameKey('MinAtar/SpaceInvaders-v1')).toBe('spaceinvaders');
    const norm = minatarNormalizer();
    expect(norm(0.51, 'MinAtar/Breakout-v1')).toBe(0);
    expect(norm(10, 'MinAtar/Breakout-v1')).toBeCloseTo(1, 12);
    expect(norm.anchors('MinAtar/Freeway-v1')).toEqual({ random: 0.13, reference: 50 });
  });
});

describe('createNormalizer', () => {
  it('should normalise with a user table', () => {
    const norm = createNormalizer({ 'CartPole-v1': { random: 22, reference: 500 } }, { label: 'CartPole-normalised' });
    expect(norm(261, 'CartPole-v1')).toBe(0.5);
    expect(norm.label).toBe('CartPole-normalised');
  });

  it('should reject degenerate or non-numeric anchors', () => {
    expect(() => createNormalizer({ t: { random: 1, reference: 1 } })).toThrow(/normalization table.t.reference/);
    expect(() => createNormalizer({ t: { random: Number.NaN, reference: 1 } })).toThrow(ConfigError);
  });
});
