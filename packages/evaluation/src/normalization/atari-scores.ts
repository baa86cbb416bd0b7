import { createNormalizer, type NormalizationTable, type Normalizer } from './normalization-table';

/**
 * Random-agent and human scores of the 57 Atari games, the anchors of the human-normalised score
 * (PAPER.md 4.1): `random` maps to 0, `reference` (the human tester) to 1.
 *
 * Source: Dopamine's `labs/atari_100k/normalization_utils.py` (the table the paper's framework uses)
 * for 55 games. Dopamine has no human score for Defender and Surround; those two come from DQN Zoo's
 * `atari_data.py` (human 18688.9 and 6.5; their random scores agree with Dopamine's). Note that DQN
 * Zoo uses random = 16256.9 for VideoPinball where Dopamine (and the paper) use 0.0; we keep 0.0.
 * AirRaid, Carnival, ElevatorAction, JourneyEscape and Pooyan (in the paper's 60-game set) have no
 * published anchors: normalising them throws; supply a table with {@link createNormalizer}.
 *
 * Keys are canonical names: lowercase letters and digits only (`mspacman`, `upndown`); see
 * {@link atariGameKey}.
 */
export const ATARI_HUMAN_RANDOM_SCORES: NormalizationTable = Object.freeze({
  alien: { random: 227.8, reference: 7127.7 },
  amidar: { random: 5.8, reference: 1719.5 },
  assault: { random: 222.4, reference: 742.0 },
  asterix: { random: 210.0, reference: 8503.3 },
  asteroids: { random: 719.1, reference: 47388.7 },
  atlantis: { random: 12850.0, reference: 29028.1 },
  bankheist: { random: 14.2, reference: 753.1 },
  battlezone: { random: 2360.0, reference: 37187.5 },
  beamrider: { random: 363.9, reference: 16926.5 },
  berzerk: { random: 123.7, reference: 2630.4 },
  bowling: { random: 23.1, reference: 160.7 },
  boxing: { random: 0.1, reference: 12.1 },
  breakout: { random: 1.7, reference: 30.5 },
  centipede: { random: 2090.9, reference: 12017.0 },
  choppercommand: { random: 811.0, reference: 7387.8 },
  crazyclimber: { random: 10780.5, reference: 35829.4 },
  defender: { random: 2874.5, reference: 18688.9 },
  demonattack: { random: 152.1, reference: 1971.0 },
  doubledunk: { random: -18.6, reference: -16.4 },
  enduro: { random: 0.0, reference: 860.5 },
  fishingderby: { random: -91.7, reference: -38.7 },
  freeway: { random: 0.0, reference: 29.6 },
  frostbite: { random: 65.2, reference: 4334.7 },
  gopher: { random: 257.6, reference: 2412.5 },
  gravitar: { random: 173.0, reference: 3351.4 },
  hero: { random: 1027.0, reference: 30826.4 },
  icehockey: { random: -11.2, reference: 0.9 },
  jamesbond: { random: 29.0, reference: 302.8 },
  kangaroo: { random: 52.0, reference: 3035.0 },
  krull: { random: 1598.0, reference: 2665.5 },
  kungfumaster: { random: 258.5, reference: 22736.3 },
  montezumarevenge: { random: 0.0, reference: 4753.3 },
  mspacman: { random: 307.3, reference: 6951.6 },
  namethisgame: { random: 2292.3, reference: 8049.0 },
  phoenix: { random: 761.4, reference: 7242.6 },
  pitfall: { random: -229.4, reference: 6463.7 },
  pong: { random: -20.7, reference: 14.6 },
  privateeye: { random: 24.9, reference: 69571.3 },
  qbert: { random: 163.9, reference: 13455.0 },
  riverraid: { random: 1338.5, reference: 17118.0 },
  roadrunner: { random: 11.5, reference: 7845.0 },
  robotank: { random: 2.2, reference: 11.9 },
  seaquest: { random: 68.4, reference: 42054.7 },
  skiing: { random: -17098.1, reference: -4336.9 },
  solaris: { random: 1236.3, reference: 12326.7 },
  spaceinvaders: { random: 148.0, reference: 1668.7 },
  stargunner: { random: 664.0, reference: 10250.0 },
  surround: { random: -10.0, reference: 6.5 },
  tennis: { random: -23.8, reference: -8.3 },
  timepilot: { random: 3568.0, reference: 5229.2 },
  tutankham: { random: 11.4, reference: 167.6 },
  upndown: { random: 533.4, reference: 11693.2 },
  venture: { random: 0.0, reference: 1187.5 },
  videopinball: { random: 0.0, reference: 17667.9 },
  wizardofwor: { random: 563.5, reference: 4756.5 },
  yarsrevenge: { random: 3092.9, reference: 54576.9 },
  zaxxon: { random: 32.5, reference: 9173.3 },
});

/**
 * The canonical key of an Atari game name: drops an `ALE/` (any `prefix/`), a `-vN` suffix and the
 * gym variants `NoFrameskip` / `Deterministic`, then keeps lowercase letters and digits.
 * `ALE/MsPacman-v5`, `MsPacmanNoFrameskip-v4` and `ms_pacman` all give `mspacman`.
 */
export function atariGameKey(task: string): string {
  const base = task.slice(task.lastIndexOf('/') + 1).replace(/-v\d+$/i, '');
  return base
    .replace(/(NoFrameskip|Deterministic)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Human-normalised score (PAPER.md 4.1) for any of the 57 games of {@link ATARI_HUMAN_RANDOM_SCORES},
 * accepting the usual spellings of a game (see {@link atariGameKey}).
 */
export function atariNormalizer(): Normalizer {
  return createNormalizer(ATARI_HUMAN_RANDOM_SCORES, { taskKey: atariGameKey, label: 'human-normalised score' });
}
