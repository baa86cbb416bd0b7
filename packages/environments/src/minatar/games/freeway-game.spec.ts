import { ScriptedRandomSource } from '@prunerl/testing';
import { FreewayGame } from './freeway-game';

const NOOP = 0;
const UP = 2;
const DOWN = 4;

/** Reset draws: eight speeds (randint(1, 6)), then eight directions (random(), below 0.5 is left). */
const RESET_DRAWS = [1, 2, 3, 4, 5, 1, 2, 3, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1];

function frameOf(game: FreewayGame): Uint8Array {
  const out = new Uint8Array(700);
  game.writeState(out);
  return out;
}

function cellsOf(frame: Uint8Array, channel: number): string[] {
  const cells: string[] = [];
  for (let i = 0; i < 100; i++) if (frame[i * 7 + channel]) cells.push(`${Math.floor(i / 10)},${i % 10}`);
  return cells;
}

describe(FreewayGame, () => {
  describe('.reset', () => {
    it('should draw eight speeds then eight directions and line the cars up in column 0', () => {
      const random = new ScriptedRandomSource(RESET_DRAWS);
      const game = new FreewayGame(random);
      game.reset();
      expect(random.draws.map((d) => (d.kind === 'randint' ? `randint(${d.low}, ${d.high})` : 'random()'))).toEqual([
        ...Array(8).fill('randint(1, 6)'),
        ...Array(8).fill('random()'),
      ]);
      expect(Array.from(game.carSpeed)).toEqual([1, -2, 3, -4, 5, -1, 2, -3]);
      const frame = frameOf(game);
      expect(cellsOf(frame, 0)).toEqual(['9,4']);
      expect(cellsOf(frame, 1)).toEqual(['1,0', '2,0', '3,0', '4,0', '5,0', '6,0', '7,0', '8,0']);
      // Trails: behind a right-moving car wraps to column 9; the channel is speed1..speed5.
      expect(cellsOf(frame, 2)).toEqual(['1,9', '6,1']);
      expect(cellsOf(frame, 3)).toEqual(['2,1', '7,9']);
      expect(cellsOf(frame, 6)).toEqual(['5,9']);
    });
  });

  describe('.act', () => {
    it('should move a car one cell every |speed| + 1 steps, wrapping around', () => {
      const game = new FreewayGame(new ScriptedRandomSource(RESET_DRAWS));
      game.reset();
      const positions: number[][] = [];
      for (let t = 0; t < 6; t++) {
        game.act(NOOP);
        positions.push([game.carX[0]!, game.carX[1]!]);
      }
      // Car 0 (speed +1) moves on steps 2, 4, 6; car 1 (speed -2) on steps 3, 6 and wraps 0 -> 9.
      expect(positions).toEqual([
        [0, 0],
        [1, 0],
        [1, 9],
        [2, 9],
        [2, 9],
        [3, 8],
      ]);
    });

    it('should let the chicken move once every 3 steps', () => {
      const game = new FreewayGame(new ScriptedRandomSource(RESET_DRAWS));
      game.reset();
      game.carX.fill(9); // keep cars away from column 4
      game.carTimer.fill(100);
      const rows: number[] = [];
      for (let t = 0; t < 10; t++) {
        game.act(UP);
        rows.push(game.pos);
      }
      expect(rows).toEqual([9, 9, 9, 8, 8, 8, 7, 7, 7, 6]);
      game.act(DOWN); // its timer is not 0 yet
      expect(game.pos).toBe(6);
    });

    it('should score +1 on reaching the top, re-randomise the car speeds and return the chicken', () => {
      const random = new ScriptedRandomSource([...RESET_DRAWS, 5, 5, 5, 5, 5, 5, 5, 5, ...Array(8).fill(0.1)]);
      const game = new FreewayGame(random);
      game.reset();
      game.carX.fill(9);
      Object.assign(game, { pos: 1, moveTimer: 0 });
      expect(game.act(UP)).toBe(1);
      expect(game.pos).toBe(9);
      expect(Array.from(game.carSpeed)).toEqual(Array(8).fill(-5));
      expect(Array.from(game.carX)).toEqual(Array(8).fill(9)); // positions are kept
      expect(random.remaining).toBe(0);
    });

    it('should send the chicken back to row 9 when a car drives into it', () => {
      const game = new FreewayGame(new ScriptedRandomSource(RESET_DRAWS));
      game.reset();
      game.carX.fill(0);
      Object.assign(game, { pos: 5, moveTimer: 2 });
      game.carX[4] = 3; // row 5, speed +5
      game.carTimer[4] = 0;
      game.act(NOOP);
      expect([game.carX[4], game.pos]).toEqual([4, 9]);
    });

    it('should terminate on step 2,501, not before', () => {
      const game = new FreewayGame(new ScriptedRandomSource(RESET_DRAWS));
      game.reset();
      for (let t = 0; t < 2500; t++) game.act(NOOP);
      expect(game.terminal).toBe(false);
      game.act(NOOP);
      expect(game.terminal).toBe(true);
    });
  });
});
