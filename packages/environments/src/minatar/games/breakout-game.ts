import type { RandomSource } from '../../random/random-source';
import { ACTION_LEFT, ACTION_RIGHT, type MinAtarGame } from './minatar-game';

const CHANNELS = Object.freeze(['paddle', 'ball', 'trail', 'brick']);
// Direction tables of the reference: 0 up-left, 1 up-right, 2 down-right, 3 down-left.
const FLIP_X: readonly number[] = [1, 0, 3, 2];
const FLIP_Y: readonly number[] = [3, 2, 1, 0];
const FLIP_XY: readonly number[] = [2, 3, 0, 1];

/**
 * MinAtar Breakout (`minatar/environments/breakout.py`). The paddle on the bottom row bounces a
 * ball that travels along diagonals; each brick broken gives +1 and three new rows appear once all
 * are gone (checked when the ball reaches the paddle row); the episode ends when the ball reaches
 * the bottom row past the paddle. Reset draws `randint(0, 2)` for the ball's start side.
 *
 * Kept quirk: a ball already in "strike" state (it broke a brick on the previous step) enters the
 * next brick cell without breaking it.
 */
export class BreakoutGame implements MinAtarGame {
  readonly channels = CHANNELS;
  readonly minimalActions = Object.freeze([0, 1, 3]);
  ballX = 0;
  ballY = 3;
  ballDir = 2;
  pos = 4;
  /** Bricks, 1 per cell, row-major 10x10. */
  readonly brickMap = new Uint8Array(100);
  /** Number of bricks left (the reference's `np.count_nonzero(brick_map)`). */
  brickCount = 0;
  strike = false;
  lastX = 0;
  lastY = 3;
  terminal = false;

  constructor(public random: RandomSource) {}

  reset(): void {
    this.ballY = 3;
    const ballStart = this.random.randint(0, 2);
    if (ballStart === 0) {
      this.ballX = 0;
      this.ballDir = 2;
    } else {
      this.ballX = 9;
      this.ballDir = 3;
    }
    this.pos = 4;
    this.brickMap.fill(0);
    this.fillBricks();
    this.strike = false;
    this.lastX = this.ballX;
    this.lastY = this.ballY;
    this.terminal = false;
  }

  act(action: number): number {
    let r = 0;
    if (this.terminal) return r;

    if (action === ACTION_LEFT) this.pos = Math.max(0, this.pos - 1);
    else if (action === ACTION_RIGHT) this.pos = Math.min(9, this.pos + 1);

    this.lastX = this.ballX;
    this.lastY = this.ballY;
    const dir = this.ballDir;
    let newX = dir === 0 || dir === 3 ? this.ballX - 1 : this.ballX + 1;
    let newY = dir === 0 || dir === 1 ? this.ballY - 1 : this.ballY + 1;

    let strikeToggle = false;
    if (newX < 0 || newX > 9) {
      if (newX < 0) newX = 0;
      if (newX > 9) newX = 9;
      this.ballDir = FLIP_X[this.ballDir]!;
    }
    if (newY < 0) {
      newY = 0;
      this.ballDir = FLIP_Y[this.ballDir]!;
    } else if (this.brickMap[newY * 10 + newX] === 1) {
      strikeToggle = true;
      if (!this.strike) {
        r += 1;
        this.strike = true;
        this.brickMap[newY * 10 + newX] = 0;
        this.brickCount--;
        newY = this.lastY;
        this.ballDir = FLIP_Y[this.ballDir]!;
      }
    } else if (newY === 9) {
      if (this.brickCount === 0) this.fillBricks();
      if (this.ballX === this.pos) {
        this.ballDir = FLIP_Y[this.ballDir]!;
        newY = this.lastY;
      } else if (newX === this.pos) {
        this.ballDir = FLIP_XY[this.ballDir]!;
        newY = this.lastY;
      } else {
        this.terminal = true;
      }
    }

    if (!strikeToggle) this.strike = false;

    this.ballX = newX;
    this.ballY = newY;
    return r;
  }

  writeState(out: Uint8Array): void {
    out[(this.ballY * 10 + this.ballX) * 4 + 1] = 1;
    out[(90 + this.pos) * 4 + 0] = 1;
    out[(this.lastY * 10 + this.lastX) * 4 + 2] = 1;
    const bricks = this.brickMap;
    for (let i = 0; i < 100; i++) out[i * 4 + 3] = bricks[i]!;
  }

  difficultyRamp(): null {
    return null;
  }

  /** The reference's `brick_map[1:4, :] = 1`. */
  private fillBricks(): void {
    this.brickMap.fill(1, 10, 40);
    let count = 0;
    for (let i = 0; i < 100; i++) count += this.brickMap[i]!;
    this.brickCount = count;
  }
}
