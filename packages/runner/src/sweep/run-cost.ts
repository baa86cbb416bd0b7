import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { updateScheduleOf } from '../config/update-schedule';
import { sweepPresetsDirectory } from './sweep-presets';

/** One measured case of the cost table: a training step's cost for an agent, torso and width. */
export interface RunCostEntry {
  readonly agent: string;
  readonly torso: string;
  readonly width: number;
  /** Milliseconds per environment step without training (acting and stepping). */
  readonly actMs: number;
  /** Milliseconds per training step at the preset's replay ratio (an update every 4 steps). */
  readonly trainMs: number;
}

/** The table `tools/scripts/calibrate-run-costs.ts` writes (`presets/run-costs.json`). */
export interface RunCostTable {
  /** Where and when it was measured (the estimates hold for that machine). */
  readonly machine: string;
  readonly measuredAt: string;
  /** Replay ratio (updates per environment step) of the `trainMs` measurements. */
  readonly replayRatio: number;
  readonly entries: readonly RunCostEntry[];
}

/** The cost table shipped with the runner (`presets/run-costs.json`), or undefined if absent. */
export function shippedRunCosts(): RunCostTable | undefined {
  const path = join(sweepPresetsDirectory(), 'run-costs.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RunCostTable) : undefined;
}

/**
 * Estimated seconds of one core for a run: its environment steps times the measured cost of a
 * step, where the update share of a step scales with the run's replay ratio (updates per step:
 * `updatesPerStep / updatePeriod`) against the table's. Widths between measured ones are
 * interpolated linearly, beyond them extrapolated from the two nearest (update cost grows about
 * with the square of conv width). Undefined when the table has no case of the agent and torso.
 * Environments are assumed to cost as MinAtar's do (a few microseconds a step; classic control's
 * Pendulum too). The replay ratio is the agent's (`updateScheduleOf`: SAC's own defaults when its
 * options leave them out).
 */
export function estimateRunSeconds(config: ResolvedExperimentConfig, table: RunCostTable): number | undefined {
  const cases = table.entries.filter((e) => e.agent === config.agent.name && e.torso === config.network.torso).sort((a, b) => a.width - b.width);
  if (cases.length === 0) return undefined;
  const width = config.network.width;
  const pick = (key: 'actMs' | 'trainMs'): number => {
    if (cases.length === 1) return cases[0]![key] * (key === 'trainMs' ? (width / cases[0]!.width) ** 2 : 1);
    let i = cases.findIndex((c) => c.width >= width);
    if (i <= 0) i = i === 0 ? 1 : cases.length - 1;
    const lo = cases[i - 1]!;
    const hi = cases[i]!;
    const t = (width - lo.width) / (hi.width - lo.width);
    return Math.max(lo[key], 0) + t * (hi[key] - lo[key]);
  };
  const act = pick('actMs');
  const train = pick('trainMs');
  // A value agent without a preset: Dopamine's update every 4 steps.
  const { updatePeriod = 4, updatesPerStep = 1 } = updateScheduleOf(config);
  const ratio = updatesPerStep / updatePeriod / table.replayRatio;
  const steps = config.budget.iterations * config.budget.stepsPerIteration;
  return (steps * (act + Math.max(0, train - act) * ratio)) / 1000;
}
