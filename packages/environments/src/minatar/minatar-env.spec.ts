import { ConfigError, EnvironmentError } from '@prunerl/core';
import { ScriptedRandomSource } from '@prunerl/testing';
import { MinAtarEnv } from './minatar-env';

/** Breakout starting on the left (one randint), then one sticky draw per step at `u`. */
function breakout(options: { stickyActionProb?: number; minimalActionSet?: boolean; sticky?: number } = {}) {
  let first = true;
  const random = new ScriptedRandomSource((call) => {
    if (call.kind === 'randint') return first ? ((first = false), 0) : 0;
    return options.sticky ?? 0.5;
  });
  const env = new MinAtarEnv('breakout', { stickyActionProb: options.stickyActionProb ?? 0.1, minimalActionSet: options.minimalActionSet ?? false, random });
  return { env, random };
}

const paddleColumn = (observation: Uint8Array): number => {
  for (let col = 0; col < 10; col++) if (observation[(90 + col) * 4]) return col;
  return -1;
};

describe(MinAtarEnv, () => {
  describe('.reset', () => {
    it('should return a 10x10xC uint8 frame in [row][col][channel] order and name the channels', () => {
      const { env } = breakout();
      const { observation, info } = env.reset();
      expect(observation).toBeInstanceOf(Uint8Array);
      expect(observation).toHaveLength(400);
      expect(env.observationSpace.shape).toEqual([10, 10, 4]);
      expect(info.channels).toEqual(['paddle', 'ball', 'trail', 'brick']);
      expect(observation[(9 * 10 + 4) * 4 + 0]).toBe(1); // paddle at row 9, column 4
      expect(observation[(3 * 10 + 0) * 4 + 1]).toBe(1); // ball at row 3, column 0
    });

    it('should give every game its reference channels', () => {
      expect(new MinAtarEnv('asterix').channels).toEqual(['player', 'enemy', 'trail', 'gold']);
      expect(new MinAtarEnv('freeway').channels).toEqual(['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5']);
      expect(new MinAtarEnv('seaquest').channels).toEqual([
        'sub_front', 'sub_back', 'friendly_bullet', 'trail', 'enemy_bullet', 'enemy_fish', 'enemy_sub', 'oxygen_guage', 'diver_guage', 'diver',
      ]);
      expect(new MinAtarEnv('space_invaders').channels).toEqual(['cannon', 'alien', 'alien_left', 'alien_right', 'friendly_bullet', 'enemy_bullet']);
    });
  });

  describe('.step', () => {
    it('should draw one random() per step before the game acts, even with probability 0', () => {
      const { env, random } = breakout({ stickyActionProb: 0 });
      env.reset();
      env.step(3);
      env.step(3);
      expect(random.draws.map((d) => d.kind)).toEqual(['randint', 'random', 'random']);
      expect(env.lastAction).toBe(3);
    });

    it('should repeat the last action when the draw is below stickyActionProb', () => {
      const { env } = breakout({ stickyActionProb: 0.6, sticky: 0.5 });
      env.reset();
      const { observation } = env.step(3); // sticky: repeats the initial last action, 0
      expect(paddleColumn(observation)).toBe(4);
      expect(env.lastAction).toBe(0);
      env.lastAction = 3;
      expect(paddleColumn(env.step(1).observation)).toBe(5); // left asked, right repeated
    });

    it('should keep the last action across reset, as the reference does', () => {
      const { env } = breakout({ stickyActionProb: 1, sticky: 0.5 });
      env.reset();
      env.lastAction = 1;
      env.reset();
      expect(env.lastAction).toBe(1);
      expect(paddleColumn(env.step(0).observation)).toBe(3);
    });

    it('should map minimal-set actions onto the full set', () => {
      const { env } = breakout({ minimalActionSet: true, stickyActionProb: 0 });
      expect(env.actionSpace.n).toBe(3);
      expect(env.actionSet).toEqual([0, 1, 3]);
      env.reset();
      expect(paddleColumn(env.step(2).observation)).toBe(5); // minimal 2 = right
      expect(env.lastAction).toBe(3);
      expect(new MinAtarEnv('asterix', { minimalActionSet: true }).actionSet).toEqual([0, 1, 2, 3, 4]);
      expect(new MinAtarEnv('freeway', { minimalActionSet: true }).actionSet).toEqual([0, 2, 4]);
      expect(new MinAtarEnv('seaquest', { minimalActionSet: true }).actionSet).toEqual([0, 1, 2, 3, 4, 5]);
      expect(new MinAtarEnv('space_invaders', { minimalActionSet: true }).actionSet).toEqual([0, 1, 3, 5]);
    });

    it('should last exactly 2,501 steps in Freeway and end as terminated', () => {
      const env = new MinAtarEnv('freeway');
      env.reset({ seed: 3 });
      for (let t = 0; t < 2500; t++) expect(env.step(0).terminated).toBe(false);
      expect(env.step(0)).toMatchObject({ terminated: true, truncated: false });
    });

    it('should refuse actions outside the space, naming them, and steps after the end', () => {
      const { env } = breakout({ minimalActionSet: true });
      expect(() => env.step(0)).toThrow(/reset\(\) before the first step/);
      env.reset();
      expect(() => env.step(3)).toThrow(EnvironmentError);
      expect(() => env.step(3)).toThrow(/step\(action\): expected an action of Discrete\(3\): an integer in \[0, 3\), got 3\./);
      for (let t = 0; t < 6; t++) env.step(0); // the ball passes the paddle on step 6
      expect(() => env.step(1)).toThrow(/after the episode ended, got 1/);
    });
  });

  describe('.lastAction', () => {
    it('should accept only full-set indices', () => {
      const env = new MinAtarEnv('breakout');
      expect(() => {
        env.lastAction = 6;
      }).toThrow(/lastAction: expected a full-set action index/);
    });
  });

  describe('.persistentState', () => {
    it('should save the last action, the one thing a seeded reset does not set again, and restore it', () => {
      const { env } = breakout({ stickyActionProb: 0 });
      env.reset();
      env.step(3);
      const state = env.persistentState();
      expect(state).toBe(3);
      const other = new MinAtarEnv('breakout');
      other.restorePersistentState(state);
      expect(other.lastAction).toBe(3);
      expect(() => other.restorePersistentState('3')).toThrow(/lastAction: expected a full-set action index/);
    });
  });

  describe('.render', () => {
    it('should draw the frame as 10 lines of one character per channel', () => {
      const { env } = breakout();
      env.reset();
      const empty = '..........';
      const bricks = '##########';
      // The ball starts inside the brick rows; the highest channel (brick) wins, as in the reference.
      expect(env.render()).toBe([empty, bricks, bricks, bricks, empty, empty, empty, empty, empty, '....=.....'].join('\n'));
      env.step(0);
      expect(env.render().split('\n')[4]).toBe('.o........');
    });

    it('should colour cells like the reference rgb_array mode', () => {
      const { env } = breakout();
      env.reset();
      const rgb = env.renderRgb();
      expect(rgb).toHaveLength(300);
      expect(Array.from(rgb.subarray(0, 3))).toEqual([0, 0, 0]); // empty cell: black
      const paddle = Array.from(rgb.subarray((90 + 4) * 3, (90 + 4) * 3 + 3));
      const brick = Array.from(rgb.subarray(10 * 3, 10 * 3 + 3));
      expect(paddle).not.toEqual(brick);
    });
  });

  describe('.reset({ seed })', () => {
    it('should replay the same episode for the same seed and refuse to seed an injected source', () => {
      const a = new MinAtarEnv('seaquest');
      const b = new MinAtarEnv('seaquest');
      const frames = (env: MinAtarEnv): string => {
        let out = Array.from(env.reset({ seed: 11 }).observation).join('');
        for (let t = 0; t < 200; t++) {
          const r = env.step((t * 7) % 6);
          out += `|${r.reward}${Array.from(r.observation).join('')}`;
          if (r.terminated) out += Array.from(env.reset().observation).join('');
        }
        return out;
      };
      expect(frames(a)).toBe(frames(b));
      const { env } = breakout();
      expect(() => env.reset({ seed: 1 })).toThrow(/no seed, since the injected random source has no seed\(seed\) method/);
    });
  });

  it('should validate its options', () => {
    expect(() => new MinAtarEnv('pong' as never)).toThrow(/MinAtar game: expected one of "asterix", "breakout", "freeway", "seaquest", "space_invaders", got "pong"/);
    expect(() => new MinAtarEnv('breakout', { stickyActionProb: 1.5 })).toThrow(ConfigError);
    expect(() => new MinAtarEnv('breakout', { random: {} as never })).toThrow(/options\.random/);
    expect(() => new MinAtarEnv('breakout', { sticky: 0.1 } as never)).toThrow(/MinAtar options\.sticky/);
  });
});
