import type { RandomSource } from '../../random/random-source';
import { ACTION_DOWN, ACTION_UP, type MinAtarGame } from './minatar-game';

const CHANNELS = Object.freeze(['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5']);
const PLAYER_SPEED = 3;
const TIME_LIMIT = 2500;
const CARS = 8;

/**
 * MinAtar Freeway (`minatar/environments/freeway.py`). The chicken starts on row 9 in column 4 and
 * may move up or down once every 3 steps (its timer is set to 3 and counts down to 0); reaching row 0
 * gives +1, re-randomises the cars and sends it back to row 9, as does a car hit. Car `i` drives on
 * row `i + 1` and moves one cell (wrapping) every `|speed| + 1` steps. The episode terminates on
 * step 2,501 (the timer starts at 2,500 and the test is `< 0`).
 *
 * Draws per car randomisation (at reset and on each crossing): eight `randint(1, 6)` speeds, then
 * eight `random()` directions, `sign(u - 0.5)`.
 */
export class FreewayGame implements MinAtarGame {
  readonly channels = CHANNELS;
  readonly minimalActions = Object.freeze([0, 2, 4]);
  pos = 9;
  moveTimer = PLAYER_SPEED;
  terminateTimer = TIME_LIMIT;
  terminal = false;
  /** Per car (row = index + 1): column, move countdown and signed speed. */
  readonly carX = new Int32Array(CARS);
  readonly carTimer = new Int32Array(CARS);
  readonly carSpeed = new Int32Array(CARS);

  constructor(public random: RandomSource) {}

  reset(): void {
    this.randomizeCars(true);
    this.pos = 9;
    this.moveTimer = PLAYER_SPEED;
    this.terminateTimer = TIME_LIMIT;
    this.terminal = false;
  }

  act(action: number): number {
    let r = 0;
    if (this.terminal) return r;

    if (action === ACTION_UP && this.moveTimer === 0) {
      this.moveTimer = PLAYER_SPEED;
      this.pos = Math.max(0, this.pos - 1);
    } else if (action === ACTION_DOWN && this.moveTimer === 0) {
      this.moveTimer = PLAYER_SPEED;
      this.pos = Math.min(9, this.pos + 1);
    }

    if (this.pos === 0) {
      r += 1;
      this.randomizeCars(false);
      this.pos = 9;
    }

    const { carX, carTimer, carSpeed } = this;
    for (let i = 0; i < CARS; i++) {
      if (carX[i] === 4 && i + 1 === this.pos) this.pos = 9;
      if (carTimer[i] === 0) {
        const speed = carSpeed[i]!;
        carTimer[i] = Math.abs(speed);
        let x = carX[i]! + (speed > 0 ? 1 : -1);
        if (x < 0) x = 9;
        else if (x > 9) x = 0;
        carX[i] = x;
        if (x === 4 && i + 1 === this.pos) this.pos = 9;
      } else {
        carTimer[i] = carTimer[i]! - 1;
      }
    }

    if (this.moveTimer > 0) this.moveTimer -= 1;
    this.terminateTimer -= 1;
    if (this.terminateTimer < 0) this.terminal = true;
    return r;
  }

  writeState(out: Uint8Array): void {
    out[(this.pos * 10 + 4) * 7 + 0] = 1;
    // The reference keeps `trail` from the previous car when |speed| is outside 1..5 (only a draw of
    // exactly 0.5 gives speed 0); for the first car it would raise, here it draws no trail.
    let trail = -1;
    for (let i = 0; i < CARS; i++) {
      const x = this.carX[i]!;
      const speed = this.carSpeed[i]!;
      const row = (i + 1) * 10;
      out[(row + x) * 7 + 1] = 1;
      let backX = speed > 0 ? x - 1 : x + 1;
      if (backX < 0) backX = 9;
      else if (backX > 9) backX = 0;
      const magnitude = Math.abs(speed);
      if (magnitude >= 1 && magnitude <= 5) trail = 1 + magnitude;
      if (trail >= 0) out[(row + backX) * 7 + trail] = 1;
    }
  }

  difficultyRamp(): null {
    return null;
  }

  /** The reference's `_randomize_cars`: positions restart at column 0 only when `initialize`. */
  private randomizeCars(initialize: boolean): void {
    const { carX, carTimer, carSpeed } = this;
    for (let i = 0; i < CARS; i++) carSpeed[i] = this.random.randint(1, 6);
    for (let i = 0; i < CARS; i++) carSpeed[i] = carSpeed[i]! * Math.sign(this.random.random() - 0.5);
    for (let i = 0; i < CARS; i++) {
      if (initialize) carX[i] = 0;
      carTimer[i] = Math.abs(carSpeed[i]!);
    }
  }
}
