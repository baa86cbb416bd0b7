import type { RandomSource } from '../../random/random-source';
import { ACTION_FIRE, ACTION_LEFT, ACTION_RIGHT, type MinAtarGame } from './minatar-game';

const CHANNELS = Object.freeze(['cannon', 'alien', 'alien_left', 'alien_right', 'friendly_bullet', 'enemy_bullet']);
const C = 6;
const SHOT_COOL_DOWN = 5;
const ENEMY_MOVE_INTERVAL = 12;
const ENEMY_SHOT_INTERVAL = 10;

/**
 * MinAtar Space Invaders (`minatar/environments/space_invaders.py`). The cannon on the bottom row
 * fires bullets upward (one every 5 steps); a 4x6 block of aliens sweeps sideways, stepping down
 * and turning at the edges, moving every `min(aliens left, moveInterval)` steps; the alien nearest
 * the cannon's column fires every 10 steps. +1 per alien hit; a cleared wave respawns and (with
 * ramping) the move interval shrinks by one, down to 6. The episode ends when an alien or an enemy
 * bullet reaches the cannon, or an alien on the bottom row steps down. The game draws no random
 * numbers.
 *
 * Kept quirks: bullets and aliens can pass through each other (hits are checked only after both
 * moved), and an alien block stepping down from the bottom row wraps to the top (`np.roll`).
 */
export class SpaceInvadersGame implements MinAtarGame {
  readonly channels = CHANNELS;
  readonly minimalActions = Object.freeze([0, 1, 3, 5]);
  pos = 5;
  /** Row-major 10x10 maps of 0/1. */
  readonly fBulletMap = new Uint8Array(100);
  readonly eBulletMap = new Uint8Array(100);
  readonly alienMap = new Uint8Array(100);
  /** Aliens left (the reference's `np.count_nonzero(alien_map)`). */
  alienCount = 0;
  alienDir = -1;
  enemyMoveInterval = ENEMY_MOVE_INTERVAL;
  alienMoveTimer = ENEMY_MOVE_INTERVAL;
  alienShotTimer = ENEMY_SHOT_INTERVAL;
  rampIndex = 0;
  shotTimer = 0;
  terminal = false;
  private readonly rowScratch = new Uint8Array(10);

  constructor(
    public random: RandomSource,
    private readonly ramping: boolean,
  ) {}

  reset(): void {
    this.pos = 5;
    this.fBulletMap.fill(0);
    this.eBulletMap.fill(0);
    this.alienMap.fill(0);
    this.fillAliens();
    this.alienDir = -1;
    this.enemyMoveInterval = ENEMY_MOVE_INTERVAL;
    this.alienMoveTimer = this.enemyMoveInterval;
    this.alienShotTimer = ENEMY_SHOT_INTERVAL;
    this.rampIndex = 0;
    this.shotTimer = 0;
    this.terminal = false;
  }

  act(action: number): number {
    let r = 0;
    if (this.terminal) return r;
    const aliens = this.alienMap;
    const fBullets = this.fBulletMap;
    const eBullets = this.eBulletMap;

    if (action === ACTION_FIRE && this.shotTimer === 0) {
      fBullets[90 + this.pos] = 1;
      this.shotTimer = SHOT_COOL_DOWN;
    } else if (action === ACTION_LEFT) {
      this.pos = Math.max(0, this.pos - 1);
    } else if (action === ACTION_RIGHT) {
      this.pos = Math.min(9, this.pos + 1);
    }

    // np.roll(f, -1, axis=0) then clearing row 9: friendly bullets move up and leave at the top.
    fBullets.copyWithin(0, 10, 100);
    fBullets.fill(0, 90, 100);
    // np.roll(e, 1, axis=0) then clearing row 0: enemy bullets move down and leave at the bottom.
    eBullets.copyWithin(10, 0, 90);
    eBullets.fill(0, 0, 10);
    if (eBullets[90 + this.pos]) this.terminal = true;

    if (aliens[90 + this.pos]) this.terminal = true;
    if (this.alienMoveTimer === 0) {
      this.alienMoveTimer = Math.min(this.alienCount, this.enemyMoveInterval);
      if ((this.columnHasAlien(0) && this.alienDir < 0) || (this.columnHasAlien(9) && this.alienDir > 0)) {
        this.alienDir = -this.alienDir;
        if (this.rowHasAlien(9)) this.terminal = true;
        this.rollAliensDown();
      } else {
        this.rollAliensSideways(this.alienDir);
      }
      if (aliens[90 + this.pos]) this.terminal = true;
    }
    if (this.alienShotTimer === 0) {
      this.alienShotTimer = ENEMY_SHOT_INTERVAL;
      this.fireFromNearestAlien();
    }

    for (let i = 0; i < 100; i++) {
      if (aliens[i] && fBullets[i]) {
        r += 1;
        aliens[i] = 0;
        fBullets[i] = 0;
        this.alienCount--;
      }
    }

    if (this.shotTimer > 0) this.shotTimer -= 1;
    this.alienMoveTimer -= 1;
    this.alienShotTimer -= 1;
    if (this.alienCount === 0) {
      if (this.enemyMoveInterval > 6 && this.ramping) {
        this.enemyMoveInterval -= 1;
        this.rampIndex += 1;
      }
      this.fillAliens();
    }
    return r;
  }

  writeState(out: Uint8Array): void {
    out[(90 + this.pos) * C + 0] = 1;
    const direction = this.alienDir < 0 ? 2 : 3;
    for (let i = 0; i < 100; i++) {
      const o = i * C;
      if (this.alienMap[i]) {
        out[o + 1] = 1;
        out[o + direction] = 1;
      }
      out[o + 4] = this.fBulletMap[i]!;
      out[o + 5] = this.eBulletMap[i]!;
    }
  }

  difficultyRamp(): number {
    return this.rampIndex;
  }

  /** The reference's `alien_map[0:4, 2:8] = 1`. */
  private fillAliens(): void {
    for (let row = 0; row < 4; row++) this.alienMap.fill(1, row * 10 + 2, row * 10 + 8);
    let count = 0;
    for (let i = 0; i < 100; i++) count += this.alienMap[i]!;
    this.alienCount = count;
  }

  private columnHasAlien(col: number): boolean {
    for (let row = 0; row < 10; row++) if (this.alienMap[row * 10 + col]) return true;
    return false;
  }

  private rowHasAlien(row: number): boolean {
    for (let col = 0; col < 10; col++) if (this.alienMap[row * 10 + col]) return true;
    return false;
  }

  /** `np.roll(alien_map, 1, axis=0)`: down one row, the bottom row wrapping to the top. */
  private rollAliensDown(): void {
    const map = this.alienMap;
    this.rowScratch.set(map.subarray(90, 100));
    map.copyWithin(10, 0, 90);
    map.set(this.rowScratch, 0);
  }

  /** `np.roll(alien_map, dir, axis=1)`: one column left (-1) or right (+1), wrapping. */
  private rollAliensSideways(dir: number): void {
    const map = this.alienMap;
    for (let row = 0; row < 100; row += 10) {
      if (dir > 0) {
        const last = map[row + 9]!;
        map.copyWithin(row + 1, row, row + 9);
        map[row] = last;
      } else {
        const first = map[row]!;
        map.copyWithin(row, row + 1, row + 10);
        map[row + 9] = first;
      }
    }
  }

  /** The reference's `_nearest_alien` (columns by distance, the left one first on ties), then a bullet at its lowest alien. */
  private fireFromNearestAlien(): void {
    for (let d = 0; d < 10; d++) {
      if (this.fireFromColumn(this.pos - d)) return;
      if (d > 0 && this.fireFromColumn(this.pos + d)) return;
    }
    // The reference would raise on an empty map; the map is refilled before this can happen.
  }

  private fireFromColumn(col: number): boolean {
    if (col < 0 || col > 9) return false;
    for (let row = 9; row >= 0; row--) {
      if (this.alienMap[row * 10 + col]) {
        this.eBulletMap[row * 10 + col] = 1;
        return true;
      }
    }
    return false;
  }
}
