import { Box, checkBoolean, checkFraction, checkKnownKeys, checkOneOf, ConfigError, Discrete, EnvironmentError, type PersistentState, type StepResult } from '@prunerl/core';
import { EpisodicEnvironment } from '../base/episodic-environment';
import type { RandomSource } from '../random/random-source';
import { RngRandomSource } from '../random/rng-random-source';
import { AsterixGame } from './games/asterix-game';
import { BreakoutGame } from './games/breakout-game';
import { FreewayGame } from './games/freeway-game';
import type { MinAtarGame } from './games/minatar-game';
import { SeaquestGame } from './games/seaquest-game';
import { SpaceInvadersGame } from './games/space-invaders-game';
import { minatarPalette } from './minatar-palette';

/** The five MinAtar games, by the reference's module names. */
export const MINATAR_GAMES = Object.freeze(['asterix', 'breakout', 'freeway', 'seaquest', 'space_invaders'] as const);
/** One of {@link MINATAR_GAMES}. */
export type MinAtarGameName = (typeof MINATAR_GAMES)[number];

/** Options of {@link MinAtarEnv} (and of `make('MinAtar/<Game>-v1', options)`). */
export interface MinAtarOptions {
  /** Probability that the previous action repeats instead of the chosen one. Default 0.1. */
  readonly stickyActionProb?: number;
  /** Whether Asterix, Seaquest and Space Invaders get harder over time. Default true. */
  readonly difficultyRamping?: boolean;
  /**
   * Use the game's minimal action set (Asterix 5, Breakout 3, Freeway 3, Seaquest 6, Space
   * Invaders 4 actions) instead of all six. Default false.
   */
  readonly minimalActionSet?: boolean;
  /**
   * Where every draw comes from: the sticky-action draw of each step, then the game's draws, in the
   * reference's order and kinds. Default: a seeded `Rng` stream (`RngRandomSource`).
   */
  readonly random?: RandomSource;
  /** The registry id, set by `make`. */
  readonly id?: string;
}

const OPTION_KEYS = ['stickyActionProb', 'difficultyRamping', 'minimalActionSet', 'random', 'id'];

// One character per channel, in channel order, for `render()`; '.' is an empty cell.
const GLYPHS: Record<MinAtarGameName, string> = {
  asterix: 'PE~G',
  breakout: '=o~#',
  freeway: 'CX12345',
  seaquest: 'Ss-~*FUODd',
  space_invaders: 'AM<>|!',
};

/**
 * A MinAtar game (Young and Tian 2019; kenjyoung/MinAtar v1.0.15) behind the Gymnasium-style API,
 * with the reference's `Environment` wrapper logic: each `step` first draws one `random()` and, if
 * it is below `stickyActionProb`, repeats the last action taken instead (the draw happens even when
 * the probability is 0); the last action is remembered across `reset()`, as in the reference.
 * Then the game acts. Observations are fresh `Uint8Array`s of 10x10xC zeros and ones in
 * `[row][col][channel]` order, row 0 at the top, channels as in the reference (`info.channels`).
 *
 * Feeding `random` the draws the reference made on its numpy `RandomState` reproduces the
 * reference's trajectory exactly. Episodes end only by `terminated` (the reference has no time
 * limit; Freeway terminates on its step 2,501).
 *
 * @example
 * ```ts
 * const env = new MinAtarEnv('breakout', { stickyActionProb: 0.1 });
 * let { observation } = env.reset({ seed: 0 });
 * const { reward, terminated } = env.step(3); // right
 * console.log(env.render());
 * ```
 */
export class MinAtarEnv extends EpisodicEnvironment<Uint8Array> {
  readonly observationSpace: Box<'uint8'>;
  readonly actionSpace: Discrete;
  /** The game's module name in the reference (`space_invaders`). */
  readonly gameName: MinAtarGameName;
  /** Channel names, in observation order. */
  readonly channels: readonly string[];
  /** Full-set action index of each action of `actionSpace`. */
  readonly actionSet: readonly number[];
  readonly stickyActionProb: number;
  readonly difficultyRamping: boolean;
  private readonly game: MinAtarGame;
  private readonly size: number;
  private previousAction = 0;
  private palette: Uint8Array | undefined;

  constructor(game: MinAtarGameName, options: MinAtarOptions = {}) {
    checkKnownKeys('MinAtar options', options, OPTION_KEYS);
    const random = options.random ?? new RngRandomSource();
    if (random === null || typeof random !== 'object' || typeof random.random !== 'function' || typeof random.randint !== 'function') {
      throw new ConfigError({ field: 'MinAtar options.random', value: random, expected: 'an object with random() and randint(low, high)' });
    }
    super(options.id, random);
    this.gameName = checkOneOf('MinAtar game', game, MINATAR_GAMES);
    this.stickyActionProb = checkFraction('MinAtar options.stickyActionProb', options.stickyActionProb ?? 0.1);
    this.difficultyRamping = checkBoolean('MinAtar options.difficultyRamping', options.difficultyRamping ?? true);
    const minimal = checkBoolean('MinAtar options.minimalActionSet', options.minimalActionSet ?? false);
    this.game = createGame(this.gameName, random, this.difficultyRamping);
    this.channels = this.game.channels;
    this.actionSet = Object.freeze(minimal ? [...this.game.minimalActions] : [0, 1, 2, 3, 4, 5]);
    this.actionSpace = new Discrete(this.actionSet.length);
    this.size = 100 * this.channels.length;
    this.observationSpace = new Box({ low: 0, high: 1, shape: [10, 10, this.channels.length], dtype: 'uint8' });
  }

  /**
   * The last action executed, as a full-set index (0-5), which the next step repeats with
   * probability `stickyActionProb`. It starts at 0 and survives `reset()`, as in the reference;
   * set it to restore a saved run.
   */
  get lastAction(): number {
    return this.previousAction;
  }

  set lastAction(action: number) {
    if (typeof action !== 'number' || !Number.isInteger(action) || action < 0 || action > 5) {
      throw new EnvironmentError({ field: 'lastAction', value: action, expected: 'a full-set action index, an integer in [0, 5]' });
    }
    this.previousAction = action;
  }

  /** What survives `reset()` (the `Environment` contract's checkpoint hook): {@link MinAtarEnv.lastAction}. */
  persistentState(): number {
    return this.previousAction;
  }

  /** Puts back a {@link MinAtarEnv.persistentState}: the last action, checked as its setter checks it. */
  restorePersistentState(state: PersistentState): void {
    this.lastAction = state as number;
  }

  /** The source every draw comes from. */
  get random(): RandomSource {
    return this.randomSource;
  }

  /** The reference's `difficulty_ramp()`: the ramp level of Asterix, Seaquest and Space Invaders, `null` otherwise. */
  difficultyRamp(): number | null {
    return this.game.difficultyRamp();
  }

  /** The current frame as the observation would show it. */
  frame(): Uint8Array {
    const out = new Uint8Array(this.size);
    this.game.writeState(out);
    return out;
  }

  /**
   * The frame as 10 lines of 10 characters, one character per channel (the highest active channel
   * wins, as in the reference's display), '.' for an empty cell.
   */
  render(): string {
    const glyphs = GLYPHS[this.gameName];
    const frame = this.frame();
    const c = this.channels.length;
    const lines: string[] = [];
    for (let row = 0; row < 10; row++) {
      let line = '';
      for (let col = 0; col < 10; col++) {
        let glyph = '.';
        for (let k = 0; k < c; k++) if (frame[(row * 10 + col) * c + k]) glyph = glyphs[k]!;
        line += glyph;
      }
      lines.push(line);
    }
    return lines.join('\n');
  }

  /**
   * The frame as 10x10 RGB bytes (`[row][col][rgb]`), coloured like the reference's `rgb_array`
   * mode: the highest active channel picks a cubehelix colour, empty cells are black.
   */
  renderRgb(): Uint8Array {
    const c = this.channels.length;
    this.palette ??= minatarPalette(c);
    const frame = this.frame();
    const out = new Uint8Array(300);
    for (let cell = 0; cell < 100; cell++) {
      let colour = 0;
      for (let k = 0; k < c; k++) if (frame[cell * c + k]) colour = k + 1;
      out[cell * 3] = this.palette[colour * 3]!;
      out[cell * 3 + 1] = this.palette[colour * 3 + 1]!;
      out[cell * 3 + 2] = this.palette[colour * 3 + 2]!;
    }
    return out;
  }

  protected resetState(): Uint8Array {
    this.game.reset();
    return this.frame();
  }

  protected stepState(action: number): StepResult<Uint8Array> {
    let executed = this.actionSet[action]!;
    // The reference's Environment.act: one draw per step, even with probability 0.
    if (this.randomSource.random() < this.stickyActionProb) executed = this.previousAction;
    this.previousAction = executed;
    const reward = this.game.act(executed);
    const terminated = this.game.terminal;
    return { observation: this.frame(), reward, terminated, truncated: false, info: { channels: this.channels } };
  }

  protected override resetInfo(): Record<string, unknown> {
    return { channels: this.channels };
  }
}

function createGame(name: MinAtarGameName, random: RandomSource, ramping: boolean): MinAtarGame {
  switch (name) {
    case 'asterix':
      return new AsterixGame(random, ramping);
    case 'breakout':
      return new BreakoutGame(random);
    case 'freeway':
      return new FreewayGame(random);
    case 'seaquest':
      return new SeaquestGame(random, ramping);
    case 'space_invaders':
      return new SpaceInvadersGame(random, ramping);
  }
}
