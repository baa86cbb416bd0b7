import { plannedUpdatesOf, resolveExperimentConfig } from '../config/resolve-config';
import { estimateRunSeconds, type RunCostTable } from './run-cost';

const table: RunCostTable = {
  machine: 'test',
  measuredAt: '2026-01-01',
  replayRatio: 0.25,
  entries: [
    { agent: 'dqn', torso: 'impala', width: 1, actMs: 0.1, trainMs: 2.1 },
    { agent: 'dqn', torso: 'impala', width: 3, actMs: 0.3, trainMs: 10.3 },
    { agent: 'sac', torso: 'mlp', width: 1, actMs: 0.05, trainMs: 1.05 },
  ],
};

const config = (width: number, options: Record<string, unknown> = {}, agent = 'dqn') =>
  resolveExperimentConfig({ environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: agent, options }, network: { torso: 'impala', width }, budget: { iterations: 10, stepsPerIteration: 1000 } });

describe(estimateRunSeconds.name, () => {
  it("should multiply the run's steps by the measured cost of a step", () => {
    expect(estimateRunSeconds(config(1), table)).toBeCloseTo(10_000 * 2.1e-3, 9);
    expect(estimateRunSeconds(config(3), table)).toBeCloseTo(10_000 * 10.3e-3, 9);
  });

  it('should interpolate between measured widths and scale the update share with the replay ratio', () => {
    expect(estimateRunSeconds(config(2), table)).toBeCloseTo(10_000 * 6.2e-3, 9);
    // Replay ratio 0.5: acting once, updates twice as often.
    expect(estimateRunSeconds(config(1, { updatesPerStep: 2 }), table)).toBeCloseTo(10_000 * (0.1 + 2 * 2.0) * 1e-3, 9);
  });

  it("should count SAC's own replay ratio (an update every step), with its preset or with none", () => {
    const sac = (preset: string | undefined, options: Record<string, unknown> = {}) =>
      resolveExperimentConfig({
        environment: { id: 'Pendulum-v1' },
        agent: { name: 'sac', ...(preset ? { preset } : {}), options },
        network: { torso: 'mlp' },
        budget: { iterations: 10, stepsPerIteration: 1000 },
      });
    // Replay ratio 1, four times the table's: acting once, updates four times as often.
    const perStep = (0.05 + 4 * 1.0) * 1e-3;
    expect(estimateRunSeconds(sac(undefined), table)).toBeCloseTo(10_000 * perStep, 9);
    expect(estimateRunSeconds(sac('none'), table)).toBeCloseTo(10_000 * perStep, 9);
    expect(estimateRunSeconds(sac('none', { updatePeriod: 4 }), table)).toBeCloseTo(10_000 * 1.05e-3, 9);
    // Without a preset SAC's own defaults (1,000 random steps, then an update per step) size the pruning schedule.
    expect(plannedUpdatesOf(sac('none'))).toBe(9_000);
    expect(() => sac('none', { updatePeriod: 0 })).toThrow(/^agent\.options > SACAgent\.updatePeriod/);
  });

  it('should give no estimate for an agent or torso the table lacks', () => {
    expect(estimateRunSeconds(config(1, {}, 'rainbow'), table)).toBeUndefined();
  });
});
