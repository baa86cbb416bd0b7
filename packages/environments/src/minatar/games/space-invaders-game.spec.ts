import { ScriptedRandomSource } from '@prunerl/testing';
import { SpaceInvadersGame } from './space-invaders-game';

const NOOP = 0;
const RIGHT = 3;
const FIRE = 5;

function cellsOf(game: SpaceInvadersGame, channel: number): string[] {
  const out = new Uint8Array(600);
  game.writeState(out);
  const cells: string[] = [];
  for (let i = 0; i < 100; i++) if (out[i * 6 + channel]) cells.push(`${Math.floor(i / 10)},${i % 10}`);
  return cells;
}

function newGame(ramping = true): SpaceInvadersGame {
  const random = new ScriptedRandomSource([]); // the game never draws: any draw would throw
  const game = new SpaceInvadersGame(random, ramping);
  game.reset();
  return game;
}

const block = (rows: number[], cols: number[]): string[] => rows.flatMap((r) => cols.map((c) => `${r},${c}`));

describe(SpaceInvadersGame, () => {
  describe('.reset', () => {
    it('should place 24 aliens in rows 0-3, columns 2-7, moving left, and the cannon at (9, 5)', () => {
      const game = newGame();
      expect(cellsOf(game, 0)).toEqual(['9,5']);
      expect(cellsOf(game, 1)).toEqual(block([0, 1, 2, 3], [2, 3, 4, 5, 6, 7]));
      expect(cellsOf(game, 2)).toEqual(cellsOf(game, 1));
      expect(cellsOf(game, 3)).toEqual([]);
    });
  });

  describe('.act', () => {
    it('should shoot the alien above the cannon on step 6 for +1, with a 5-step cool-down', () => {
      const game = newGame();
      const rewards = [game.act(FIRE)];
      expect(cellsOf(game, 4)).toEqual(['8,5']); // fired from row 9 and moved up in the same step
      rewards.push(game.act(FIRE)); // cooling down: nothing fired
      expect(cellsOf(game, 4)).toEqual(['7,5']);
      for (let t = 0; t < 4; t++) rewards.push(game.act(NOOP));
      expect(rewards).toEqual([0, 0, 0, 0, 0, 1]);
      expect(cellsOf(game, 1)).not.toContain('3,5');
      expect(cellsOf(game, 4)).toEqual([]);
      expect(game.alienCount).toBe(23);
    });

    it('should fire from the lowest alien of the nearest column every 10 steps', () => {
      const game = newGame();
      for (let t = 0; t < 10; t++) game.act(NOOP);
      expect(cellsOf(game, 5)).toEqual([]);
      game.act(NOOP); // step 11
      expect(cellsOf(game, 5)).toEqual(['3,5']);
      game.act(NOOP);
      expect(cellsOf(game, 5)).toEqual(['4,5']);
    });

    it('should prefer the left column when two are equally near', () => {
      const game = newGame();
      game.alienMap.fill(0);
      game.alienMap[2 * 10 + 3] = 1;
      game.alienMap[1 * 10 + 7] = 1;
      game.alienCount = 2;
      Object.assign(game, { alienShotTimer: 0, alienMoveTimer: 5 });
      game.act(NOOP);
      expect(cellsOf(game, 5)).toEqual(['2,3']);
    });

    it('should step the block sideways every 12 steps, then down and back at the edge', () => {
      const game = newGame();
      for (let t = 0; t < 4; t++) game.act(RIGHT); // out of the way of the aliens' shots
      for (let t = 4; t < 12; t++) game.act(NOOP);
      expect(cellsOf(game, 1)).toEqual(block([0, 1, 2, 3], [2, 3, 4, 5, 6, 7]));
      game.act(NOOP); // step 13
      expect(cellsOf(game, 1)).toEqual(block([0, 1, 2, 3], [1, 2, 3, 4, 5, 6]));
      for (let t = 0; t < 12; t++) game.act(NOOP); // step 25
      expect(cellsOf(game, 1)).toEqual(block([0, 1, 2, 3], [0, 1, 2, 3, 4, 5]));
      for (let t = 0; t < 12; t++) game.act(NOOP); // step 37: column 0 is taken, so down and turn
      expect(cellsOf(game, 1)).toEqual(block([1, 2, 3, 4], [0, 1, 2, 3, 4, 5]));
      expect(cellsOf(game, 3)).toEqual(cellsOf(game, 1));
      expect(game.terminal).toBe(false);
    });

    it('should move as often as aliens are left, when fewer than the interval', () => {
      const game = newGame();
      game.alienMap.fill(0);
      game.alienMap[14] = 1;
      game.alienMap[15] = 1;
      game.alienCount = 2;
      Object.assign(game, { alienMoveTimer: 0, alienShotTimer: 50 });
      game.act(NOOP);
      expect(cellsOf(game, 1)).toEqual(['1,3', '1,4']);
      game.act(NOOP);
      expect(cellsOf(game, 1)).toEqual(['1,3', '1,4']);
      game.act(NOOP); // every 2 steps
      expect(cellsOf(game, 1)).toEqual(['1,2', '1,3']);
    });

    it('should bring a new wave 1 step faster after a wave is cleared, down to 6, only with ramping', () => {
      for (const [ramping, interval] of [[true, 11], [false, 12]] as const) {
        const game = newGame(ramping);
        game.alienMap.fill(0);
        game.alienMap[55] = 1;
        game.alienCount = 1;
        game.fBulletMap[65] = 1;
        Object.assign(game, { alienMoveTimer: 5, alienShotTimer: 5 });
        expect(game.act(NOOP)).toBe(1);
        expect([game.enemyMoveInterval, game.alienCount, game.difficultyRamp()]).toEqual([interval, 24, ramping ? 1 : 0]);
      }
    });

    it('should end the episode when an enemy bullet reaches the cannon', () => {
      const game = newGame();
      game.eBulletMap[85] = 1;
      game.act(NOOP);
      expect(game.terminal).toBe(true);
      expect(game.act(FIRE)).toBe(0);
    });

    it('should end the episode when the block steps down from the bottom row', () => {
      const game = newGame();
      game.alienMap.fill(0);
      game.alienMap[90] = 1;
      game.alienCount = 1;
      Object.assign(game, { alienMoveTimer: 0, alienShotTimer: 50, alienDir: -1, pos: 5 });
      game.act(NOOP);
      expect(game.terminal).toBe(true);
      expect(cellsOf(game, 1)).toEqual(['0,0']); // np.roll wraps the row to the top
    });
  });
});
