import { ConfigError } from '@prunerl/core';
import { plannedUpdates } from './planned-updates';

describe('plannedUpdates', () => {
  it('should count the training steps Dopamine makes', () => {
    // Steps 0..9 with training from step 3, every 2 steps: 4, 6, 8.
    expect(plannedUpdates({ totalSteps: 10, minReplayHistory: 3, updatePeriod: 2 })).toBe(3);
    expect(plannedUpdates({ totalSteps: 10, minReplayHistory: 3, updatePeriod: 2, updatesPerStep: 4 })).toBe(12);
    expect(plannedUpdates({ totalSteps: 10, minReplayHistory: 0, updatePeriod: 1 })).toBe(10);
    expect(plannedUpdates({ totalSteps: 3, minReplayHistory: 3, updatePeriod: 1 })).toBe(0);
    // 40M frames of Atari DQN: 10M agent steps, 20k warm-up, every 4 -> about 2.5M updates (PAPER.md 1.3).
    expect(plannedUpdates({ totalSteps: 10_000_000, minReplayHistory: 20_000, updatePeriod: 4 })).toBe(2_495_000);
  });

  it('should name a bad field', () => {
    expect(() => plannedUpdates({ totalSteps: 0, minReplayHistory: 0, updatePeriod: 1 })).toThrow(ConfigError);
    expect(() => plannedUpdates({ totalSteps: 5, minReplayHistory: 0, updatePeriod: 0 })).toThrow(/updatePeriod/);
  });
});
