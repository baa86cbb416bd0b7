import type { RandomSource } from '../../random/random-source';
import { ACTION_DOWN, ACTION_LEFT, ACTION_RIGHT, ACTION_UP, type MinAtarGame } from './minatar-game';

const CHANNELS = Object.freeze(['player', 'enemy', 'trail', 'gold']);
const RAMP_INTERVAL = 100;
const INIT_SPAWN_SPEED = 10;
const INIT_MOVE_INTERVAL = 5;
const SLOTS = 8;

/**
 * MinAtar Asterix (`minatar/environments/asterix.py`). The player moves in four directions (rows
 * 1-8); enemies and gold spawn from the sides into one of 8 row slots (row = slot + 1) every
 * `spawnSpeed` steps and move every `moveSpeed` steps. Gold gives +1, an enemy ends the episode.
 * With ramping, at step 102 and every 102 steps after, the spawn interval and (every second time)
 * the move interval shrink by one, down to 1.
 *
 * Draws per spawn: `random()` (left side?), `random()` (gold?), then `randint(0, free slots)` only
 * if a slot is free. Kept quirk: the first two draws happen even when no slot is free.
 */
export class AsterixGame implements MinAtarGame {
  readonly channels = CHANNELS;
  readonly minimalActions = Object.freeze([0, 1, 2, 3, 4]);
  playerX = 5;
  playerY = 5;
  /** Per slot: whether an entity is there, its column, direction (1 = moving right) and kind. */
  readonly active = new Uint8Array(SLOTS);
  readonly entityX = new Int32Array(SLOTS);
  readonly entityRight = new Uint8Array(SLOTS);
  readonly entityGold = new Uint8Array(SLOTS);
  spawnSpeed = INIT_SPAWN_SPEED;
  spawnTimer = INIT_SPAWN_SPEED;
  moveSpeed = INIT_MOVE_INTERVAL;
  moveTimer = INIT_MOVE_INTERVAL;
  rampTimer = RAMP_INTERVAL;
  rampIndex = 0;
  terminal = false;
  private readonly freeSlots = new Int32Array(SLOTS);

  constructor(
    public random: RandomSource,
    private readonly ramping: boolean,
  ) {}

  reset(): void {
    this.playerX = 5;
    this.playerY = 5;
    this.active.fill(0);
    this.spawnSpeed = INIT_SPAWN_SPEED;
    this.spawnTimer = this.spawnSpeed;
    this.moveSpeed = INIT_MOVE_INTERVAL;
    this.moveTimer = this.moveSpeed;
    this.rampTimer = RAMP_INTERVAL;
    this.rampIndex = 0;
    this.terminal = false;
  }

  act(action: number): number {
    let r = 0;
    if (this.terminal) return r;

    if (this.spawnTimer === 0) {
      this.spawnEntity();
      this.spawnTimer = this.spawnSpeed;
    }

    if (action === ACTION_LEFT) this.playerX = Math.max(0, this.playerX - 1);
    else if (action === ACTION_RIGHT) this.playerX = Math.min(9, this.playerX + 1);
    else if (action === ACTION_UP) this.playerY = Math.max(1, this.playerY - 1);
    else if (action === ACTION_DOWN) this.playerY = Math.min(8, this.playerY + 1);

    const { active, entityX, entityRight, entityGold } = this;
    for (let i = 0; i < SLOTS; i++) {
      if (active[i] && entityX[i] === this.playerX && i + 1 === this.playerY) {
        if (entityGold[i]) {
          active[i] = 0;
          r += 1;
        } else {
          this.terminal = true;
        }
      }
    }
    if (this.moveTimer === 0) {
      this.moveTimer = this.moveSpeed;
      for (let i = 0; i < SLOTS; i++) {
        if (!active[i]) continue;
        const x = (entityX[i] = entityX[i]! + (entityRight[i] ? 1 : -1));
        if (x < 0 || x > 9) {
          // The reference clears the slot; its following collision test cannot match off-screen.
          active[i] = 0;
        } else if (x === this.playerX && i + 1 === this.playerY) {
          if (entityGold[i]) {
            active[i] = 0;
            r += 1;
          } else {
            this.terminal = true;
          }
        }
      }
    }

    this.spawnTimer -= 1;
    this.moveTimer -= 1;

    if (this.ramping && (this.spawnSpeed > 1 || this.moveSpeed > 1)) {
      if (this.rampTimer >= 0) {
        this.rampTimer -= 1;
      } else {
        if (this.moveSpeed > 1 && this.rampIndex % 2) this.moveSpeed -= 1;
        if (this.spawnSpeed > 1) this.spawnSpeed -= 1;
        this.rampIndex += 1;
        this.rampTimer = RAMP_INTERVAL;
      }
    }
    return r;
  }

  writeState(out: Uint8Array): void {
    out[(this.playerY * 10 + this.playerX) * 4 + 0] = 1;
    for (let i = 0; i < SLOTS; i++) {
      if (!this.active[i]) continue;
      const x = this.entityX[i]!;
      const row = (i + 1) * 10;
      out[(row + x) * 4 + (this.entityGold[i] ? 3 : 1)] = 1;
      const backX = this.entityRight[i] ? x - 1 : x + 1;
      if (backX >= 0 && backX <= 9) out[(row + backX) * 4 + 2] = 1;
    }
  }

  difficultyRamp(): number {
    return this.rampIndex;
  }

  /** The reference's `_spawn_entity`. */
  private spawnEntity(): void {
    const lr = this.random.random() < 1 / 2;
    const isGold = this.random.random() < 1 / 3;
    let free = 0;
    for (let i = 0; i < SLOTS; i++) if (!this.active[i]) this.freeSlots[free++] = i;
    if (free === 0) return;
    const slot = this.freeSlots[this.random.randint(0, free)]!;
    this.active[slot] = 1;
    this.entityX[slot] = lr ? 0 : 9;
    this.entityRight[slot] = lr ? 1 : 0;
    this.entityGold[slot] = isGold ? 1 : 0;
  }
}
