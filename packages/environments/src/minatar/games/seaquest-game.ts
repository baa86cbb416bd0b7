import type { RandomSource } from '../../random/random-source';
import { removeFirstEqual } from './python-list';
import { ACTION_DOWN, ACTION_FIRE, ACTION_LEFT, ACTION_RIGHT, ACTION_UP, type MinAtarGame } from './minatar-game';

const CHANNELS = Object.freeze([
  'sub_front',
  'sub_back',
  'friendly_bullet',
  'trail',
  'enemy_bullet',
  'enemy_fish',
  'enemy_sub',
  'oxygen_guage',
  'diver_guage',
  'diver',
]);
const C = 10;
const MAX_OXYGEN = 200;
const INIT_SPAWN_SPEED = 20;
const DIVER_SPAWN_SPEED = 30;
const INIT_MOVE_INTERVAL = 5;
const SHOT_COOL_DOWN = 5;
const ENEMY_SHOT_INTERVAL = 10;
const DIVER_MOVE_INTERVAL = 5;

// Entities are the reference's Python lists, as number lists (booleans as 0/1):
// bullets [x, y, right], fish [x, y, right, moveTimer], subs [x, y, right, moveTimer, shotTimer],
// divers [x, y, right, moveTimer]. Lists keep Python's semantics: reversed iteration by index
// (stopping if the index falls past the end) and removal of the first equal element.
const X = 0;
const Y = 1;
const RIGHT = 2;
const MOVE = 3;
const SHOT = 4;

/**
 * MinAtar Seaquest (`minatar/environments/seaquest.py`). The player's two-cell submarine fires
 * bullets (+1 per enemy fish or sub hit), rescues divers (up to 6) and must surface for oxygen: a
 * surface with no diver ends the episode, with fewer than 6 it costs one diver, with 6 it pays
 * `oxygen * 10 // 200` and then removes all of them (the count then reads -1, as in the reference).
 * Each surface ramps the difficulty (spawn interval, and every second time the move interval).
 * The episode ends on contact with a fish, a sub or an enemy bullet, or when oxygen runs out.
 *
 * Draws: enemy spawn `random()` (left?), `random()` (sub?), `randint(1, 9)` (row), all three even
 * when the spawn is then cancelled (an opposite-direction enemy in that row); diver spawn
 * `random()`, `randint(1, 9)`. Kept quirks: an enemy sub removed earlier in the same step can still
 * fire; entity removal is by value, as Python's `list.remove`.
 */
export class SeaquestGame implements MinAtarGame {
  readonly channels = CHANNELS;
  readonly minimalActions = Object.freeze([0, 1, 2, 3, 4, 5]);
  oxygen = MAX_OXYGEN;
  diverCount = 0;
  subX = 5;
  subY = 0;
  /** The sub faces right (the reference's `sub_or`). */
  subRight = false;
  fBullets: number[][] = [];
  eBullets: number[][] = [];
  eFish: number[][] = [];
  eSubs: number[][] = [];
  divers: number[][] = [];
  eSpawnSpeed = INIT_SPAWN_SPEED;
  eSpawnTimer = INIT_SPAWN_SPEED;
  dSpawnTimer = DIVER_SPAWN_SPEED;
  moveSpeed = INIT_MOVE_INTERVAL;
  rampIndex = 0;
  shotTimer = 0;
  surface = true;
  terminal = false;

  constructor(
    public random: RandomSource,
    private readonly ramping: boolean,
  ) {}

  reset(): void {
    this.oxygen = MAX_OXYGEN;
    this.diverCount = 0;
    this.subX = 5;
    this.subY = 0;
    this.subRight = false;
    this.fBullets = [];
    this.eBullets = [];
    this.eFish = [];
    this.eSubs = [];
    this.divers = [];
    this.eSpawnSpeed = INIT_SPAWN_SPEED;
    this.eSpawnTimer = this.eSpawnSpeed;
    this.dSpawnTimer = DIVER_SPAWN_SPEED;
    this.moveSpeed = INIT_MOVE_INTERVAL;
    this.rampIndex = 0;
    this.shotTimer = 0;
    this.surface = true;
    this.terminal = false;
  }

  act(action: number): number {
    let r = 0;
    if (this.terminal) return r;

    if (this.eSpawnTimer === 0) {
      this.spawnEnemy();
      this.eSpawnTimer = this.eSpawnSpeed;
    }
    if (this.dSpawnTimer === 0) {
      this.spawnDiver();
      this.dSpawnTimer = DIVER_SPAWN_SPEED;
    }

    if (action === ACTION_FIRE && this.shotTimer === 0) {
      this.fBullets.push([this.subX, this.subY, this.subRight ? 1 : 0]);
      this.shotTimer = SHOT_COOL_DOWN;
    } else if (action === ACTION_LEFT) {
      this.subX = Math.max(0, this.subX - 1);
      this.subRight = false;
    } else if (action === ACTION_RIGHT) {
      this.subX = Math.min(9, this.subX + 1);
      this.subRight = true;
    } else if (action === ACTION_UP) {
      this.subY = Math.max(0, this.subY - 1);
    } else if (action === ACTION_DOWN) {
      this.subY = Math.min(8, this.subY + 1);
    }

    r += this.updateFriendlyBullets();
    this.updateDivers();
    r += this.updateEnemySubs();
    this.updateEnemyBullets();
    r += this.updateEnemyFish();

    if (this.eSpawnTimer > 0) this.eSpawnTimer -= 1;
    if (this.dSpawnTimer > 0) this.dSpawnTimer -= 1;
    if (this.shotTimer > 0) this.shotTimer -= 1;
    if (this.oxygen <= 0) this.terminal = true;
    if (this.subY > 0) {
      this.oxygen -= 1;
      this.surface = false;
    } else if (!this.surface) {
      if (this.diverCount === 0) this.terminal = true;
      else r += this.surfaceSub();
    }
    return r;
  }

  writeState(out: Uint8Array): void {
    setCell(out, this.subY, this.subX, 0);
    setCell(out, this.subY, this.subRight ? this.subX - 1 : this.subX + 1, 1);
    const oxygenCells = Math.floor((Math.max(0, this.oxygen) * 10) / MAX_OXYGEN);
    for (let x = 0; x < oxygenCells; x++) out[(90 + x) * C + 7] = 1;
    // The reference's slice [9 - count : 9] is empty for a negative count.
    for (let x = Math.max(0, 9 - this.diverCount); x < 9; x++) out[(90 + x) * C + 8] = 1;
    for (const b of this.fBullets) setCell(out, b[Y]!, b[X]!, 2);
    for (const b of this.eBullets) setCell(out, b[Y]!, b[X]!, 4);
    for (const f of this.eFish) writeMover(out, f, 5);
    for (const s of this.eSubs) writeMover(out, s, 6);
    for (const d of this.divers) writeMover(out, d, 9);
  }

  difficultyRamp(): number {
    return this.rampIndex;
  }

  private updateFriendlyBullets(): number {
    let r = 0;
    const bullets = this.fBullets;
    for (let i = bullets.length - 1; i >= 0 && i < bullets.length; i--) {
      const bullet = bullets[i]!;
      bullet[X] = bullet[X]! + (bullet[RIGHT] ? 1 : -1);
      if (bullet[X]! < 0 || bullet[X]! > 9) {
        removeFirstEqual(bullets, bullet);
        continue;
      }
      let removed = false;
      for (const fish of this.eFish) {
        if (bullet[X] === fish[X] && bullet[Y] === fish[Y]) {
          removeFirstEqual(this.eFish, fish);
          removeFirstEqual(bullets, bullet);
          r += 1;
          removed = true;
          break;
        }
      }
      if (!removed) {
        for (const sub of this.eSubs) {
          if (bullet[X] === sub[X] && bullet[Y] === sub[Y]) {
            removeFirstEqual(this.eSubs, sub);
            removeFirstEqual(bullets, bullet);
            r += 1;
            break;
          }
        }
      }
    }
    return r;
  }

  private updateDivers(): void {
    const divers = this.divers;
    for (let i = divers.length - 1; i >= 0 && i < divers.length; i--) {
      const diver = divers[i]!;
      if (diver[X] === this.subX && diver[Y] === this.subY && this.diverCount < 6) {
        removeFirstEqual(divers, diver);
        this.diverCount += 1;
      } else if (diver[MOVE] === 0) {
        diver[MOVE] = DIVER_MOVE_INTERVAL;
        diver[X] = diver[X]! + (diver[RIGHT] ? 1 : -1);
        if (diver[X]! < 0 || diver[X]! > 9) {
          removeFirstEqual(divers, diver);
        } else if (diver[X] === this.subX && diver[Y] === this.subY && this.diverCount < 6) {
          removeFirstEqual(divers, diver);
          this.diverCount += 1;
        }
      } else {
        diver[MOVE] = diver[MOVE]! - 1;
      }
    }
  }

  private updateEnemySubs(): number {
    let r = 0;
    const subs = this.eSubs;
    for (let i = subs.length - 1; i >= 0 && i < subs.length; i--) {
      const sub = subs[i]!;
      if (sub[X] === this.subX && sub[Y] === this.subY) this.terminal = true;
      if (sub[MOVE] === 0) {
        sub[MOVE] = this.moveSpeed;
        sub[X] = sub[X]! + (sub[RIGHT] ? 1 : -1);
        if (sub[X]! < 0 || sub[X]! > 9) {
          removeFirstEqual(subs, sub);
        } else if (sub[X] === this.subX && sub[Y] === this.subY) {
          this.terminal = true;
        } else {
          for (const bullet of this.fBullets) {
            if (sub[X] === bullet[X] && sub[Y] === bullet[Y]) {
              removeFirstEqual(subs, sub);
              removeFirstEqual(this.fBullets, bullet);
              r += 1;
              break;
            }
          }
        }
      } else {
        sub[MOVE] = sub[MOVE]! - 1;
      }
      // Runs even for a sub removed above: the reference's quirk, a removed sub can still fire.
      if (sub[SHOT] === 0) {
        sub[SHOT] = ENEMY_SHOT_INTERVAL;
        this.eBullets.push([sub[X]!, sub[Y]!, sub[RIGHT]!]);
      } else {
        sub[SHOT] = sub[SHOT]! - 1;
      }
    }
    return r;
  }

  private updateEnemyBullets(): void {
    const bullets = this.eBullets;
    for (let i = bullets.length - 1; i >= 0 && i < bullets.length; i--) {
      const bullet = bullets[i]!;
      if (bullet[X] === this.subX && bullet[Y] === this.subY) this.terminal = true;
      bullet[X] = bullet[X]! + (bullet[RIGHT] ? 1 : -1);
      if (bullet[X]! < 0 || bullet[X]! > 9) {
        removeFirstEqual(bullets, bullet);
      } else if (bullet[X] === this.subX && bullet[Y] === this.subY) {
        this.terminal = true;
      }
    }
  }

  private updateEnemyFish(): number {
    let r = 0;
    const fishes = this.eFish;
    for (let i = fishes.length - 1; i >= 0 && i < fishes.length; i--) {
      const fish = fishes[i]!;
      if (fish[X] === this.subX && fish[Y] === this.subY) this.terminal = true;
      if (fish[MOVE] === 0) {
        fish[MOVE] = this.moveSpeed;
        fish[X] = fish[X]! + (fish[RIGHT] ? 1 : -1);
        if (fish[X]! < 0 || fish[X]! > 9) {
          removeFirstEqual(fishes, fish);
        } else if (fish[X] === this.subX && fish[Y] === this.subY) {
          this.terminal = true;
        } else {
          for (const bullet of this.fBullets) {
            if (fish[X] === bullet[X] && fish[Y] === bullet[Y]) {
              removeFirstEqual(fishes, fish);
              removeFirstEqual(this.fBullets, bullet);
              r += 1;
              break;
            }
          }
        }
      } else {
        fish[MOVE] = fish[MOVE]! - 1;
      }
    }
    return r;
  }

  /** The reference's `_surface`: called when the sub reaches row 0 with at least one diver. */
  private surfaceSub(): number {
    this.surface = true;
    let r: number;
    if (this.diverCount === 6) {
      this.diverCount = 0;
      r = Math.floor((this.oxygen * 10) / MAX_OXYGEN);
    } else {
      r = 0;
    }
    this.oxygen = MAX_OXYGEN;
    this.diverCount -= 1;
    if (this.ramping && (this.eSpawnSpeed > 1 || this.moveSpeed > 2)) {
      if (this.moveSpeed > 2 && this.rampIndex % 2) this.moveSpeed -= 1;
      if (this.eSpawnSpeed > 1) this.eSpawnSpeed -= 1;
      this.rampIndex += 1;
    }
    return r;
  }

  /** The reference's `_spawn_enemy`. */
  private spawnEnemy(): void {
    const lr = this.random.random() < 1 / 2 ? 1 : 0;
    const isSub = this.random.random() < 1 / 3;
    const x = lr ? 0 : 9;
    const y = this.random.randint(1, 9);
    // No spawn in a row where an enemy moves the other way.
    for (const z of this.eSubs) if (z[Y] === y && z[RIGHT] !== lr) return;
    for (const z of this.eFish) if (z[Y] === y && z[RIGHT] !== lr) return;
    if (isSub) this.eSubs.push([x, y, lr, this.moveSpeed, ENEMY_SHOT_INTERVAL]);
    else this.eFish.push([x, y, lr, this.moveSpeed]);
  }

  /** The reference's `_spawn_diver`. */
  private spawnDiver(): void {
    const lr = this.random.random() < 1 / 2 ? 1 : 0;
    const x = lr ? 0 : 9;
    const y = this.random.randint(1, 9);
    this.divers.push([x, y, lr, DIVER_MOVE_INTERVAL]);
  }
}

/** numpy's `state[y, x, c] = 1`: a negative index counts from the end. */
function setCell(out: Uint8Array, y: number, x: number, c: number): void {
  const row = y < 0 ? y + 10 : y;
  const col = x < 0 ? x + 10 : x;
  out[(row * 10 + col) * C + c] = 1;
}

/** An enemy or diver and its trail (the cell behind it, if on screen). */
function writeMover(out: Uint8Array, entity: readonly number[], channel: number): void {
  const x = entity[X]!;
  const y = entity[Y]!;
  setCell(out, y, x, channel);
  const backX = entity[RIGHT] ? x - 1 : x + 1;
  if (backX >= 0 && backX <= 9) out[(y * 10 + backX) * C + 3] = 1;
}
