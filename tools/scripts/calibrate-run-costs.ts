/**
 * Measures what a training step costs on this machine for every (agent, torso, width) the shipped
 * sweep presets and studies use, and writes `packages/runner/presets/run-costs.json`, from which
 * `prunerl sweep --list` estimates a sweep's core-hours (`estimateRunSeconds`).
 *
 *   npx tsx --conditions=@prunerl/source tools/scripts/calibrate-run-costs.ts [--steps 2000] [--only dqn:impala]
 *
 * Each case: MinAtar Breakout, the `minatar` preset, greedy acting (epsilon decayed at once), a
 * 500-step warm-up, then `steps` timed training steps at replay ratio 0.25 (an update every 4
 * steps) and again at 0.5; the two give the acting cost and the update cost of a step. One process,
 * one core; steps are timed in chunks of 100 and the 20% quantile kept, so other work on the machine
 * inflates the figures little (an idle machine is still best; the table records the load).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { describeBackend, initBackend } from '@prunerl/backend';
import { buildExperiment, ExperimentLoop, resolveExperimentConfig, sweepPresetsDirectory, type RunCostEntry, type RunCostTable } from '@prunerl/runner';

const CASES: readonly { agent: string; torso: string; widths: readonly number[] }[] = [
  { agent: 'dqn', torso: 'minatar-cnn', widths: [1, 2, 3, 4, 5] },
  { agent: 'rainbow', torso: 'minatar-cnn', widths: [1, 3, 5] },
  { agent: 'dqn', torso: 'impala', widths: [1, 2, 3, 4, 5] },
  { agent: 'rainbow', torso: 'impala', widths: [1, 3, 5] },
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

async function msPerStep(agent: string, torso: string, width: number, updatesPerStep: number): Promise<number> {
  const warmup = 500;
  const config = resolveExperimentConfig({
    environment: { id: 'MinAtar/Breakout-v1' },
    agent: { name: agent, preset: 'minatar', options: { minReplayHistory: warmup, epsilonDecayPeriod: 1, updatesPerStep, totalSteps: warmup + steps } },
    network: { torso, width },
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
    const quarter = await msPerStep(c.agent, c.torso, width, 1);
    const half = await msPerStep(c.agent, c.torso, width, 2);
    // t(r) = act + r * update: two replay ratios give both.
    const actMs = Math.max(0.005, 2 * quarter - half);
    entries.push({ agent: c.agent, torso: c.torso, width, actMs: Number(actMs.toFixed(4)), trainMs: Number(quarter.toFixed(4)) });
    console.log(`${c.agent} ${c.torso} w=${width}: ${quarter.toFixed(3)} ms/step at replay ratio 0.25, ${half.toFixed(3)} at 0.5`);
  }
}
const table: RunCostTable = {
  // The load says how far the figures are from an idle machine's (a loaded one inflates them).
  machine: `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), one core, ${describeBackend(backend)}, load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`,
  measuredAt: new Date().toISOString().slice(0, 10),
  replayRatio: 0.25,
  entries,
};
const out = join(resolve(sweepPresetsDirectory()), 'run-costs.json');
writeFileSync(out, `${JSON.stringify(table, null, 2)}\n`);
console.log(`wrote ${out}`);
