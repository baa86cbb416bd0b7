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
 * one core: run it on an idle machine.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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
    const loop = new ExperimentLoop(parts, { seed: 1, iterations: 1, stepsPerIteration: steps });
    const start = performance.now();
    await loop.run();
    return (performance.now() - start) / loop.steps;
  } finally {
    parts.dispose();
  }
}

const backend = await initBackend({ name: 'wasm' });
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
  machine: `${cpus()[0]?.model ?? 'unknown CPU'}, one core, ${describeBackend(backend)}`,
  measuredAt: new Date().toISOString().slice(0, 10),
  replayRatio: 0.25,
  entries,
};
const out = join(resolve(sweepPresetsDirectory()), 'run-costs.json');
writeFileSync(out, `${JSON.stringify(table, null, 2)}\n`);
console.log(`wrote ${out}`);
