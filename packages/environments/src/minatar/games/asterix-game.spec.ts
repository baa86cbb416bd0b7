import { ScriptedRandomSource } from '@prunerl/testing';
import { AsterixGame } from './asterix-game';

const NOOP = 0;

function cellsOf(game: AsterixGame, channel: number): string[] {
  const out = new Uint8Array(400);
  game.writeState(out);
  const cells: string[] = [];
  for (let i = 0; i < 100; i++) if (out[i * 4 + channel]) cells.push(`${Math.floor(i / 10)},${i % 10}`);
  return cells;
}

function run(game: AsterixGame, steps: number, action = NOOP): number[] {
  return Array.from({ length: steps }, () => game.act(action));
}

describe(AsterixGame, () => {
  describe('.act', () => {
    it('should spawn the first entity on step 11 and move entities every 5 steps from step 6', () => {
      // Spawn draws: random() < 1/2 -> from the left, random() < 1/3 -> gold, randint(0, free slots).
      const random = new ScriptedRandomSource([0.2, 0.9, 2]);
      const game = new AsterixGame(random, true);
      game.reset();
      run(game, 10);
      expect(random.draws).toHaveLength(0);
      game.act(NOOP); // step 11: spawn an enemy in slot 2 (row 3) at column 0, then move (step 11 = 6 + 5)
      expect(random.draws).toEqual([
        { kind: 'random', value: 0.2 },
        { kind: 'random', value: 0.9 },
        { kind: 'randint', low: 0, high: 8, value: 2 },
      ]);
      expect(cellsOf(game, 1)).toEqual(['3,1']);
      expect(cellsOf(game, 2)).toEqual(['3,0']); // trail behind it
      run(game, 4);
      expect(cellsOf(game, 1)).toEqual(['3,1']);
      game.act(NOOP); // step 16
      expect(cellsOf(game, 1)).toEqual(['3,2']);
    });

    it('should give +1 for gold reaching the player and remove it', () => {
      // Gold from the right (x = 9) in slot 4 (row 5, the player's row); the player stays at (5, 5).
      const random = new ScriptedRandomSource([0.7, 0.1, 4, 0.7, 0.9, 0]);
      const game = new AsterixGame(random, true);
      game.reset();
      const rewards = run(game, 26);
      // Moves on steps 11, 16, 21, 26 take it from 9 to 5.
      expect(rewards.map((r, t) => (r ? t + 1 : 0)).filter(Boolean)).toEqual([26]);
      expect(cellsOf(game, 3)).toEqual([]);
      expect(game.terminal).toBe(false);
      expect(cellsOf(game, 1)).toEqual(['1,7']); // the enemy spawned on step 21 in slot 0, moved on 21 and 26
    });

    it('should end the episode when an enemy reaches the player', () => {
      const game = new AsterixGame(new ScriptedRandomSource([0.7, 0.9, 4, 0.7, 0.9, 0]), true);
      game.reset();
      run(game, 25);
      expect(game.terminal).toBe(false);
      game.act(NOOP);
      expect(game.terminal).toBe(true);
      expect(game.act(NOOP)).toBe(0);
    });

    it('should keep the player in columns 0-9 and rows 1-8', () => {
      const game = new AsterixGame(new ScriptedRandomSource((call) => (call.kind === 'random' ? 0.99 : 0)), true);
      game.reset();
      run(game, 9, 2); // up
      expect(game.playerY).toBe(1);
      run(game, 9, 4); // down
      expect(game.playerY).toBe(8);
      Object.assign(game, { spawnTimer: 50 });
      run(game, 7, 3); // right
      expect(game.playerX).toBe(9);
    });

    it('should still draw side and kind when every slot is taken', () => {
      const random = new ScriptedRandomSource([0.3, 0.6]);
      const game = new AsterixGame(random, true);
      game.reset();
      game.active.fill(1);
      game.entityX.fill(0);
      game.entityRight.fill(1);
      Object.assign(game, { spawnTimer: 0, moveTimer: 3 });
      game.act(NOOP);
      expect(random.draws.map((d) => d.kind)).toEqual(['random', 'random']);
    });

    it('should ramp spawn and move intervals on step 102 and every 102 steps after', () => {
      // Every spawn is gold from the right into the first free slot, so nothing ends the episode.
      const goldFromTheRight = (): ((call: { kind: string }) => number) => {
        let draws = 0;
        return (call) => (call.kind === 'randint' ? 0 : draws++ % 2 === 0 ? 0.9 : 0.1);
      };
      const ramped = new AsterixGame(new ScriptedRandomSource(goldFromTheRight()), true);
      const flat = new AsterixGame(new ScriptedRandomSource(goldFromTheRight()), false);
      ramped.reset();
      flat.reset();
      run(ramped, 101);
      expect([ramped.spawnSpeed, ramped.moveSpeed, ramped.rampIndex]).toEqual([10, 5, 0]);
      ramped.act(NOOP);
      expect([ramped.spawnSpeed, ramped.moveSpeed, ramped.rampIndex]).toEqual([9, 5, 1]);
      run(ramped, 101);
      expect([ramped.spawnSpeed, ramped.moveSpeed]).toEqual([9, 5]);
      ramped.act(NOOP); // step 204: the second ramp (odd index) also shortens the move interval
      expect([ramped.spawnSpeed, ramped.moveSpeed, ramped.rampIndex, ramped.difficultyRamp()]).toEqual([8, 4, 2, 2]);
      run(flat, 204);
      expect([flat.spawnSpeed, flat.moveSpeed, flat.rampIndex]).toEqual([10, 5, 0]);
      expect(ramped.terminal || flat.terminal).toBe(false);
    });
  });
});
