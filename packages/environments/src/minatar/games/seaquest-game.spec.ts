import { ScriptedRandomSource } from '@prunerl/testing';
import { SeaquestGame } from './seaquest-game';
import { removeFirstEqual } from './python-list';

const NOOP = 0;
const LEFT = 1;
const UP = 2;
const DOWN = 4;
const FIRE = 5;

function cellsOf(game: SeaquestGame, channel: number): string[] {
  const out = new Uint8Array(1000);
  game.writeState(out);
  const cells: string[] = [];
  for (let i = 0; i < 100; i++) if (out[i * 10 + channel]) cells.push(`${Math.floor(i / 10)},${i % 10}`);
  return cells;
}

/** A game whose spawn timers are far off, so a test controls every entity. */
function quietGame(random = new ScriptedRandomSource([])): SeaquestGame {
  const game = new SeaquestGame(random, true);
  game.reset();
  Object.assign(game, { eSpawnTimer: 1000, dSpawnTimer: 1000 });
  return game;
}

describe(SeaquestGame, () => {
  describe('.reset', () => {
    it('should start surfaced at (0, 5) facing left, with full oxygen and no divers', () => {
      const game = new SeaquestGame(new ScriptedRandomSource([]), true);
      game.reset();
      expect(cellsOf(game, 0)).toEqual(['0,5']);
      expect(cellsOf(game, 1)).toEqual(['0,6']);
      expect(cellsOf(game, 7)).toEqual(['9,0', '9,1', '9,2', '9,3', '9,4', '9,5', '9,6', '9,7', '9,8', '9,9']);
      expect(cellsOf(game, 8)).toEqual([]);
    });
  });

  describe('.act', () => {
    it('should spend one oxygen per step below the surface and end the episode when it runs out', () => {
      const game = quietGame();
      game.act(DOWN);
      expect(game.oxygen).toBe(199);
      expect(cellsOf(game, 7)).toHaveLength(9); // 199 * 10 // 200
      Object.assign(game, { oxygen: 0 });
      game.act(NOOP);
      expect(game.terminal).toBe(true);
    });

    it('should end the episode when surfacing with no diver', () => {
      const game = quietGame();
      game.act(DOWN);
      game.act(UP);
      expect(game.terminal).toBe(true);
    });

    it('should cost one diver when surfacing with fewer than six, and pay oxygen * 10 // 200 with six', () => {
      const game = quietGame();
      Object.assign(game, { subY: 1, surface: false, diverCount: 3, oxygen: 80 });
      expect(game.act(UP)).toBe(0);
      expect([game.diverCount, game.oxygen, game.terminal]).toEqual([2, 200, false]);
      Object.assign(game, { subY: 1, surface: false, diverCount: 6, oxygen: 150 });
      expect(game.act(UP)).toBe(7);
      // The reference zeroes the count and then takes one more: -1, with an empty gauge.
      expect([game.diverCount, game.oxygen]).toEqual([-1, 200]);
      expect(cellsOf(game, 8)).toEqual([]);
    });

    it('should ramp the enemy spawn interval on each surface, and the move interval every second time', () => {
      const game = quietGame();
      const levels: number[][] = [];
      for (let i = 0; i < 4; i++) {
        Object.assign(game, { subY: 1, surface: false, diverCount: 2 });
        game.act(UP);
        levels.push([game.eSpawnSpeed, game.moveSpeed, game.difficultyRamp()]);
      }
      expect(levels).toEqual([
        [19, 5, 1],
        [18, 4, 2],
        [17, 4, 3],
        [16, 3, 4],
      ]);
    });

    it('should fire a bullet from the front that moves in the same step and scores +1 on a fish', () => {
      const game = quietGame();
      Object.assign(game, { subY: 4 });
      game.eFish.push([2, 4, 1, 3]); // a fish at (4, 2) heading right, not moving this step
      expect(game.act(FIRE)).toBe(0);
      expect(cellsOf(game, 2)).toEqual(['4,4']);
      expect(game.act(NOOP)).toBe(0); // bullet to (4,3), fish stays (timer 2 -> 1)
      expect(game.act(NOOP)).toBe(1); // bullet to (4,2): hit
      expect([game.eFish.length, game.fBullets.length]).toEqual([0, 0]);
      expect(game.shotTimer).toBe(2);
    });

    it('should draw side, kind and row for every enemy spawn, even a cancelled one', () => {
      // An enemy heading left in row 3 blocks a right-heading spawn in row 3.
      const random = new ScriptedRandomSource([0.2, 0.9, 3]);
      const game = quietGame(random);
      game.eFish.push([9, 3, 0, 4]);
      Object.assign(game, { eSpawnTimer: 0, subY: 6 });
      game.act(NOOP);
      expect(random.draws.map((d) => d.kind)).toEqual(['random', 'random', 'randint']);
      expect(random.draws[2]).toMatchObject({ low: 1, high: 9 });
      expect([game.eFish.length, game.eSubs.length]).toEqual([1, 0]);
      expect(game.eSpawnTimer).toBe(19);
    });

    it('should spawn a sub that fires every 11 steps', () => {
      const random = new ScriptedRandomSource([0.2, 0.1, 6]); // left side, a sub, row 6
      const game = quietGame(random);
      Object.assign(game, { eSpawnTimer: 0, subY: 1 });
      game.act(NOOP);
      expect(game.eSubs).toEqual([[0, 6, 1, 4, 9]]);
      for (let t = 0; t < 9; t++) game.act(NOOP);
      expect(game.eBullets).toHaveLength(0);
      game.act(NOOP); // shot timer reached 0: fire, then the bullet moves one cell
      expect(game.eBullets).toHaveLength(1);
      expect(cellsOf(game, 4)).toEqual([`6,${game.eSubs[0]![0]! + 1}`]);
    });

    it('should let a sub shot down in this step still fire (reference quirk)', () => {
      const game = quietGame();
      Object.assign(game, { subY: 1 });
      game.eSubs.push([3, 5, 1, 0, 0]); // moves to (5,4) and fires this step
      game.fBullets.push([5, 5, 0]); // a bullet heading left
      // The bullet moves first to (5,4), meets nothing (the sub is still at (5,3)); then the sub
      // moves onto it, is destroyed for +1, and fires anyway: its bullet appears at (5,5).
      expect(game.act(NOOP)).toBe(1);
      expect([game.eSubs.length, game.fBullets.length]).toEqual([0, 0]);
      expect(cellsOf(game, 4)).toEqual(['5,5']);
    });

    it('should end the episode when an enemy bullet reaches the sub', () => {
      const game = quietGame();
      Object.assign(game, { subY: 3, subX: 5 });
      game.eBullets.push([3, 3, 1]);
      game.act(NOOP);
      expect(game.terminal).toBe(false);
      game.act(NOOP);
      expect(game.terminal).toBe(true);
    });

    it('should pick up a diver it touches, up to six', () => {
      const game = quietGame();
      Object.assign(game, { subY: 2, subX: 5 });
      game.divers.push([4, 2, 1, 3]);
      game.act(LEFT);
      expect([game.divers.length, game.diverCount]).toEqual([0, 1]);
      expect(cellsOf(game, 8)).toEqual(['9,8']);
      Object.assign(game, { diverCount: 6 });
      game.divers.push([3, 2, 0, 3]);
      game.act(LEFT); // onto the diver's cell, but the sub is full
      expect([game.divers.length, game.diverCount]).toEqual([1, 6]);
    });
  });
});

describe(removeFirstEqual, () => {
  it('should remove the first element equal by value, as list.remove does', () => {
    const a = [1, 2, 0];
    const b = [1, 2, 0];
    const list = [a, [5, 5, 1], b];
    removeFirstEqual(list, b);
    // `a` went, not `b`: Python compares lists element-wise.
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual([5, 5, 1]);
    expect(list[1]).toBe(b);
  });
});
