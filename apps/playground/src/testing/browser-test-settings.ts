import { DEFAULT_SETTINGS, type PlaygroundSettings } from '../settings';

/**
 * The run the browser test trains (and `scripts/measure-node.ts` times in Node): DQN + GMP to 90%
 * on MinAtar Breakout, 3 iterations of 1,500 steps, so the schedule ends (at 80% of the updates)
 * well inside a test of seconds.
 */
export const BROWSER_TEST_SETTINGS: PlaygroundSettings = Object.freeze({ ...DEFAULT_SETTINGS, iterations: 3, stepsPerIteration: 1_500, evalEpisodes: 1 });
