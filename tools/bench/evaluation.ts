/**
 * Times @prunerl/evaluation's statistics, diagnostics and report at paper-like sizes and prints a
 * table (median of repeats, ms).
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/evaluation.ts [--json]
 *
 * Sizes: 15 games x 5 seeds (the paper's Atari protocol); learning curves of 40 iterations; SRank
 * on 256 and 2048 states of 512 features (Kumar's script uses 2048); network diagnostics of a
 * MinAtar-sized MLP (400 -> 128 -> 512 -> 6) on a 256-state probe batch on the wasm backend; the
 * HTML report of the 62 fixture runs.
 */
import { describeBackend, initBackend } from '@prunerl/backend';
import { Rng } from '@prunerl/core';
import {
  aggregateEstimates,
  aggregateIqm,
  linspace,
  networkDiagnostics,
  performanceProfiles,
  probabilityOfImprovementEstimates,
  renderReport,
  sampleEfficiencyCurves,
  singularValues,
  srank,
  stratifiedBootstrap,
  symmetricEigenvalues,
} from '@prunerl/evaluation';
import { HandBuiltNetwork } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { fixtureRuns } from '../../packages/evaluation/src/testing/fixture-runs.fixture';
import { ms, time, type TimingSummary } from './stats';

const json = process.argv.includes('--json');
const rng = Rng.fromSeed(0).split('bench');
const suite = (mu: number, tasks = 15, runs = 5): number[][] => Array.from({ length: tasks }, (_, t) => Array.from({ length: runs }, () => Math.abs(rng.normal(mu * (1 + t / 10), 1))));
const dense = suite(1);
const pruned = suite(1.5);
const rows: { name: string; timing: TimingSummary; note?: string }[] = [];
const add = async (name: string, fn: () => unknown, repeats = 5, note?: string): Promise<void> => {
  rows.push({ name, timing: await time(fn, repeats, 1), ...(note ? { note } : {}) });
};

await add('IQM CI, 15x5, 2,000 reps', () => stratifiedBootstrap([dense], aggregateIqm, { reps: 2000 }));
await add('IQM CI, 15x5, 50,000 reps (rliable default)', () => stratifiedBootstrap([dense], aggregateIqm, { reps: 50_000 }), 3);
await add('4 aggregates x 2 methods, 2,000 reps', () => aggregateEstimates({ dense, pruned }, { reps: 2000 }));
await add('P(X > Y) CI, 15x5, 2,000 reps', () => probabilityOfImprovementEstimates({ dense, pruned }, [['pruned', 'dense']], { reps: 2000 }));
await add('profiles, 101 taus x 2 methods, 2,000 reps', () => performanceProfiles({ dense, pruned }, linspace(0, 5, 101), { reps: 2000 }));
const steps = Array.from({ length: 40 }, (_, i) => (i + 1) * 250_000);
await add('IQM curve, 40 steps x 15x5, 2,000 reps', () => sampleEfficiencyCurves({ dense: { steps, scores: steps.map(() => dense) } }, aggregateIqm, { reps: 2000 }), 3);

const features = (rows: number, cols: number): Float32Array => Float32Array.from({ length: rows * cols }, () => Math.max(0, rng.normal()));
const f256 = features(256, 512);
const f2048 = features(2048, 512);
await add('SRank 256 x 512 (Gram 256)', () => srank(singularValues(f256, 256, 512)));
await add('SRank 2048 x 512 (Gram 512)', () => srank(singularValues(f2048, 2048, 512)), 3);
const sym = new Float64Array(512 * 512);
for (let i = 0; i < 512; i++) for (let j = 0; j <= i; j++) sym[i * 512 + j] = sym[j * 512 + i] = rng.normal();
await add('eigenvalues 512 x 512 (tridiagonal QL)', () => symmetricEigenvalues(sym, 512), 3);

const info = await initBackend({ name: 'wasm' });
const layer = (inputs: number, outputs: number) => ({
  kernel: Array.from({ length: inputs }, () => Array.from({ length: outputs }, () => rng.normal(0, Math.sqrt(2 / inputs)))),
  bias: new Array(outputs).fill(0),
});
const network = HandBuiltNetwork.fromWeights([layer(400, 128), layer(128, 512), layer(512, 6)], { observationShape: [10, 10, 4] });
const observations = tf.tensor4d(Float32Array.from({ length: 256 * 400 }, () => (rng.uniform() < 0.1 ? 1 : 0)), [256, 10, 10, 4]);
await add('networkDiagnostics, MLP 400-128-512-6, 256 states', () => networkDiagnostics(network, observations), 5, describeBackend(info));
observations.dispose();
network.dispose();

const runs = fixtureRuns();
await add('renderReport, 62 fixture runs (model + 10 SVGs)', () => renderReport(runs, { generatedAt: 'bench' }), 3);

if (json) {
  console.log(JSON.stringify(rows.map((r) => ({ name: r.name, ...r.timing, ...(r.note ? { note: r.note } : {}) })), null, 2));
} else {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'benchmark'.padEnd(width)}  median ms     min     max`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${ms(r.timing.median).padStart(9)} ${ms(r.timing.min).padStart(7)} ${ms(r.timing.max).padStart(7)}${r.note ? `  (${r.note})` : ''}`);
}
