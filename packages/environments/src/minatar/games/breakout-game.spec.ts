import { ScriptedRandomSource } from '@prunerl/testing';
import { BreakoutGame } from './breakout-game';

const NOOP = 0;
const LEFT = 1;
const RIGHT = 3;

function frameOf(game: BreakoutGame): Uint8Array {
  const out = new Uint8Array(400);
  game.writeState(out);
  return out;
}

function cellsOf(frame: Uint8Array, channel: number): string[] {
  const cells: string[] = [];
  for (let i = 0; i < 100; i++) if (frame[i * 4 + channel]) cells.push(`${Math.floor(i / 10)},${i % 10}`);
  return cells;
}

function startedGame(side: 0 | 1): BreakoutGame {
  const game = new BreakoutGame(new ScriptedRandomSource([side]));
  game.reset();
  return game;
}

describe(BreakoutGame, () => {
  describe('.reset', () => {
    it('should draw randint(0, 2) to start the ball at row 3 in column 0 (down-right) or 9 (down-left)', () => {
      const left = startedGame(0);
      expect([left.ballY, left.ballX, left.ballDir]).toEqual([3, 0, 2]);
      const right = startedGame(1);
      expect([right.ballY, right.ballX, right.ballDir]).toEqual([3, 9, 3]);
      const random = left.random as ScriptedRandomSource;
      expect(random.draws).toEqual([{ kind: 'randint', low: 0, high: 2, value: 0 }]);
    });

    it('should show the paddle at (9, 4), the ball and its trail, and 30 bricks in rows 1-3', () => {
      const frame = frameOf(startedGame(0));
      expect(cellsOf(frame, 0)).toEqual(['9,4']);
      expect(cellsOf(frame, 1)).toEqual(['3,0']);
      expect(cellsOf(frame, 2)).toEqual(['3,0']);
      expect(cellsOf(frame, 3)).toHaveLength(30);
      expect(cellsOf(frame, 3).every((c) => ['1', '2', '3'].includes(c.split(',')[0]!))).toBe(true);
    });
  });

  describe('.act', () => {
    it('should bounce the ball off the paddle and the wall, then break a brick for +1', () => {
      const game = startedGame(0);
      const rewards: number[] = [];
      // Ball: (3,0) -> (4,1) (5,2) (6,3) (7,4) (8,5); the paddle moves to column 5 on the first step.
      rewards.push(game.act(RIGHT));
      for (let t = 0; t < 4; t++) rewards.push(game.act(NOOP));
      expect([game.ballY, game.ballX, game.pos]).toEqual([8, 5, 5]);
      // Next cell (9,6): the ball's column is the paddle's, so it bounces straight back up-right.
      rewards.push(game.act(NOOP));
      expect([game.ballY, game.ballX, game.ballDir]).toEqual([8, 6, 1]);
      // Up-right to (5,9), then the wall sends it up-left at (4,9).
      for (let t = 0; t < 4; t++) rewards.push(game.act(NOOP));
      expect([game.ballY, game.ballX, game.ballDir]).toEqual([4, 9, 0]);
      // Up-left into the brick at (3,8): +1, the brick goes, the ball stays on row 4 heading down-left.
      rewards.push(game.act(NOOP));
      expect(rewards).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
      expect([game.ballY, game.ballX, game.ballDir, game.strike]).toEqual([4, 8, 3, true]);
      expect(game.brickMap[38]).toBe(0);
      expect(game.brickCount).toBe(29);
      // The trail is where the ball was.
      expect(cellsOf(frameOf(game), 2)).toEqual(['4,9']);
      game.act(NOOP);
      expect([game.ballY, game.ballX, game.strike]).toEqual([5, 7, false]);
    });

    it('should deflect the ball back the way it came when it hits the paddle with its new column', () => {
      const game = startedGame(0);
      game.act(RIGHT);
      game.act(RIGHT); // paddle at 6
      for (let t = 0; t < 3; t++) game.act(NOOP);
      expect([game.ballY, game.ballX]).toEqual([8, 5]);
      game.act(NOOP); // next cell (9,6) is on the paddle: both directions flip (down-right -> up-left)
      expect([game.ballY, game.ballX, game.ballDir, game.terminal]).toEqual([8, 6, 0, false]);
    });

    it('should end the episode when the ball reaches the bottom row past the paddle', () => {
      const game = startedGame(0);
      for (let t = 0; t < 5; t++) expect(game.act(NOOP)).toBe(0);
      expect(game.terminal).toBe(false);
      expect(game.act(NOOP)).toBe(0);
      expect([game.terminal, game.ballY, game.ballX]).toEqual([true, 9, 6]);
      // After the end nothing moves.
      expect(game.act(LEFT)).toBe(0);
      expect([game.ballY, game.ballX, game.pos]).toEqual([9, 6, 4]);
    });

    it('should let a ball still in strike state enter the next brick without breaking it', () => {
      const game = startedGame(0);
      game.brickMap.fill(0);
      // Ball at (4,5) heading up-right into a brick at (3,6); bricks at (4,6) and (5,7) behind it.
      game.brickMap[36] = 1;
      game.brickMap[46] = 1;
      game.brickMap[57] = 1;
      game.brickCount = 3;
      Object.assign(game, { ballY: 4, ballX: 5, ballDir: 1, strike: false });
      expect(game.act(NOOP)).toBe(1); // breaks (3,6); bounced back to row 4, i.e. into the brick cell (4,6)
      expect([game.ballY, game.ballX, game.ballDir]).toEqual([4, 6, 2]);
      expect(game.act(NOOP)).toBe(0); // strike state: enters (5,7) and leaves the brick there
      expect([game.ballY, game.ballX, game.brickMap[57]]).toEqual([5, 7, 1]);
      expect(game.strike).toBe(true);
    });

    it('should refill rows 1-3 when the ball reaches the paddle row with no bricks left', () => {
      const game = startedGame(0);
      game.brickMap.fill(0);
      game.brickCount = 0;
      Object.assign(game, { ballY: 8, ballX: 4, ballDir: 2, pos: 4 });
      game.act(NOOP);
      expect(game.brickCount).toBe(30);
      expect(Array.from(game.brickMap.subarray(10, 40)).every((b) => b === 1)).toBe(true);
      expect([game.ballY, game.ballX, game.terminal]).toEqual([8, 5, false]);
    });

    it('should keep the paddle inside columns 0-9', () => {
      const game = startedGame(1);
      for (let t = 0; t < 6; t++) game.act(LEFT);
      expect(game.pos).toBe(0);
    });
  });
});
