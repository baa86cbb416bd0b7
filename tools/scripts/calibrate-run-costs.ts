/**
 * Measures what a training step costs on this machine for every (agent, torso, width) the shipped
 * sweep presets and studies use, and writes `packages/runner/presets/run-costs.json`, from which
 * `prunerl sweep --list` estimates a sweep's core-hours (`estimateRunSeconds`).
 *
 *   npx tsx --conditions=@prunerl/source tools/scripts/calibrate-run-costs.ts [--steps 2000] [--only dqn:impala]
 *
 * Each case: its environment and agent preset (value agents: MinAtar Breakout, the `minatar` preset,
 * greedy acting, epsilon decayed at once; SAC: Pendulum-v1, the `classic` preset, acting from its
 * policy), a 500-step warm-up, then `steps` timed training steps at replay ratio 0.25 (an update
 * every 4 steps) and again at 0.5; the two give the acting cost and the update cost of a step. One
 * process, one core; steps are timed in chunks of 100 and the 20% quantile kept, so other work on the
 * machine inflates the figures little (an idle machine is still best; the table records the load).
 * With `--only agent:torso` the other cases' entries already in the table are kept.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { describeBackend, initBackend } from '@prunerl/backend';
import { buildExperiment, ExperimentLoop, resolveExperimentConfig, sweepPresetsDirectory, type RunCostEntry, type RunCostTable } from '@prunerl/runner';

/** One measured (agent, torso) pair: the environment and preset it runs with, and options for greedy, cheap acting. */
interface CostCase {
  readonly agent: string;
  readonly torso: string;
  readonly widths: readonly number[];
  readonly environment: string;
  readonly preset: string;
  readonly options: Readonly<Record<string, unknown>>;
}

const MINATAR = { environment: 'MinAtar/Breakout-v1', preset: 'minatar', options: { epsilonDecayPeriod: 1 } } as const;
const CASES: readonly CostCase[] = [
  { agent: 'dqn', torso: 'minatar-cnn', widths: [1, 2, 3, 4, 5], ...MINATAR },
  { agent: 'rainbow', torso: 'minatar-cnn', widths: [1, 3, 5], ...MINATAR },
  { agent: 'dqn', torso: 'impala', widths: [1, 2, 3, 4, 5], ...MINATAR },
  { agent: 'rainbow', torso: 'impala', widths: [1, 3, 5], ...MINATAR },
  // fig9-sac: SAC's (64, 64) MLPs at widths 1 and 5 on Pendulum-v1 (its preset updates every step:
  // measured at an update every 4 steps like the rest, scaled by the estimate).
  { agent: 'sac', torso: 'mlp', widths: [1, 5], environment: 'Pendulum-v1', preset: 'classic', options: { updatePeriod: 4 } },
];

const argv = process.argv.slice(2);
const steps = Number(argv[argv.indexOf('--steps') + 1] ?? 0) || 2000;
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

const CHUNK = 100;

/** The q-quantile of `values` (nearest rank). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function msPerStep(c: CostCase, width: number, updatesPerStep: number): Promise<number> {
  const warmup = 500;
  const config = resolveExperimentConfig({
    environment: { id: c.environment },
    agent: { name: c.agent, preset: c.preset, options: { ...c.options, minReplayHistory: warmup, updatesPerStep, totalSteps: warmup + steps } },
    network: { torso: c.torso, width },
    budget: { iterations: 1, stepsPerIteration: warmup + steps },
  });
  const parts = await buildExperiment(config, 0);
  try {
    await new ExperimentLoop(parts, { seed: 0, iterations: 1, stepsPerIteration: warmup }).run();
    // Timed in chunks of CHUNK steps; the low quantile of the chunks' costs is the cost of a step
    // when the process has its core, so a machine busy with other work inflates it little.
    const costs: number[] = [];
    let last = { at: performance.now(), steps: 0 };
    const loop = new ExperimentLoop(parts, {
      seed: 1,
      iterations: Math.ceil(steps / CHUNK),
      stepsPerIteration: CHUNK,
      onIterationEnd: (summary) => {
        const at = performance.now();
        costs.push((at - last.at) / (summary.totalSteps - last.steps));
        last = { at, steps: summary.totalSteps };
      },
    });
    await loop.run();
    return quantile(costs, 0.2);
  } finally {
    parts.dispose();
  }
}

const backend = await initBackend({ name: 'wasm' });
const loadBefore = loadavg()[0]!;
const entries: RunCostEntry[] = [];
for (const c of CASES) {
  if (only !== undefined && only !== `${c.agent}:${c.torso}`) continue;
  for (const width of c.widths) {
    const quarter = await msPerStep(c, width, 1);
    const half = await msPerStep(c, width, 2);
    // t(r) = act + r * update: two replay ratios give both.
    const actMs = Math.max(0.005, 2 * quarter - half);
    entries.push({ agent: c.agent, torso: c.torso, width, actMs: Number(actMs.toFixed(4)), trainMs: Number(quarter.toFixed(4)) });
    console.log(`${c.agent} ${c.torso} w=${width}: ${quarter.toFixed(3)} ms/step at replay ratio 0.25, ${half.toFixed(3)} at 0.5`);
  }
}
const out = join(resolve(sweepPresetsDirectory()), 'run-costs.json');
// `--only` measures one pair: the table keeps every other pair's entries.
const kept =
  only !== undefined && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as RunCostTable).entries.filter((e) => `${e.agent}:${e.torso}` !== only) : [];
const table: RunCostTable = {
  // The load says how far the figures are from an idle machine's (a loaded one inflates them).
  machine: `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), one core, ${describeBackend(backend)}, load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`,
  measuredAt: new Date().toISOString().slice(0, 10),
  replayRatio: 0.25,
  entries: [...kept, ...entries],
};
writeFileSync(out, `${JSON.stringify(table, null, 2)}\n`);
console.log(`wrote ${out}`);
