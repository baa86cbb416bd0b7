/**
 * Test fixture (not exported, not shipped): deterministic synthetic runs in the report's format,
 * shaped like the paper's MinAtar-scale experiments (DQN at widths 1, 3, 5, dense against 90% / 95%
 * pruned, three games, three seeds, one ragged task), with sparsity schedules, Fig. 11 diagnostics
 * and gradient-covariance probes. Also used by tools/scripts/report-screenshot.ts.
 */
import type { MetricRecord } from '@prunerl/core';
import { Rng } from '@prunerl/core';
import { DIAGNOSTIC_METRICS } from '../diagnostics/diagnostic-metric-names';
import { MINATAR_RANDOM_DQN_SCORES } from '../normalization/minatar-scores';
import type { RunData } from '../report/run-data';

/** The configurations of the fixture: width, final sparsity and a made-up final quality. */
export const FIXTURE_CONFIGS = [
  { width: 1, sparsity: 0, quality: 0.9 },
  { width: 1, sparsity: 0.95, quality: 1.0 },
  { width: 3, sparsity: 0, quality: 0.8 },
  { width: 3, sparsity: 0.9, quality: 1.12 },
  { width: 3, sparsity: 0.95, quality: 1.2 },
  { width: 5, sparsity: 0, quality: 0.7 },
  { width: 5, sparsity: 0.95, quality: 1.35 },
] as const;

export const FIXTURE_TASKS = ['MinAtar/Breakout-v1', 'MinAtar/Asterix-v1', 'MinAtar/SpaceInvaders-v1'] as const;

/** Method label of a fixture configuration. */
export function fixtureMethod(config: { width: number; sparsity: number }): string {
  return `DQN w=${config.width} ${config.sparsity === 0 ? 'dense' : `pruned ${Math.round(config.sparsity * 100)}%`}`;
}

/** Options of {@link fixtureRuns}. */
export interface FixtureRunOptions {
  readonly iterations?: number;
  readonly stepsPerIteration?: number;
  readonly seeds?: number;
  /**
   * Log each record a few steps past its iteration's nominal end, differently per run, as the
   * runner does (an iteration ends at an episode's end): runs then share no step.
   */
  readonly stepJitter?: boolean;
}

/** The fixture runs (62: 7 configurations x 3 tasks x 3 seeds, one seed missing on one task). */
export function fixtureRuns(options: FixtureRunOptions = {}): RunData[] {
  const iterations = options.iterations ?? 12;
  const stepsPerIteration = options.stepsPerIteration ?? 250_000;
  const seeds = options.seeds ?? 3;
  const totalSteps = iterations * stepsPerIteration;
  const runs: RunData[] = [];
  for (const config of FIXTURE_CONFIGS) {
    const method = fixtureMethod(config);
    for (const task of FIXTURE_TASKS) {
      for (let seed = 0; seed < seeds; seed++) {
        // Ragged seeds: the widest dense network lost a seed on SpaceInvaders.
        if (config.width === 5 && config.sparsity === 0 && task === 'MinAtar/SpaceInvaders-v1' && seed === seeds - 1) continue;
        const rng = Rng.fromSeed(seed).split(`${config.width}-${config.sparsity}-${task.replace(/\//g, '_')}`);
        const game = task.slice('MinAtar/'.length, -'-v1'.length).toLowerCase();
        const anchors = MINATAR_RANDOM_DQN_SCORES[game]!;
        const seedQuality = config.quality * (1 + rng.normal(0, 0.08));
        const metrics: MetricRecord[] = [];
        for (let i = 1; i <= iterations; i++) {
          const nominal = i * stepsPerIteration;
          const step = nominal + (options.stepJitter ? 1 + ((seed * 37 + i * 11 + FIXTURE_TASKS.indexOf(task) * 5 + config.width * 3) % 97) : 0);
          const progress = nominal / totalSteps;
          const learned = seedQuality * (1 - Math.exp(-4 * progress));
          const score = anchors.random + (anchors.reference - anchors.random) * (learned + rng.normal(0, 0.04));
          metrics.push({ step, name: 'return', value: round(score), tags: { iteration: i } });
          const p = Math.min(Math.max((progress - 0.2) / 0.6, 0), 1);
          metrics.push({ step, name: 'sparsity', value: round(config.sparsity * (1 - (1 - p) ** 3)) });
          if (i % 2 === 0) metrics.push(...diagnostics(step, progress, config, rng));
        }
        if (seed === 0 && config.width === 3 && config.sparsity !== 0.9) metrics.push(covarianceRecord(totalSteps, config.sparsity, rng));
        const wallTimeSeconds = round((totalSteps / (900 / config.width)) * (1 + rng.normal(0, 0.02)));
        runs.push({
          id: `${method.replace(/%/g, '').replace(/[^A-Za-z0-9=]+/g, '-')}/${game}/seed-${seed}`,
          config: {
            agent: 'dqn',
            env: task,
            seed,
            totalSteps,
            network: { torso: 'minatar-cnn', width: config.width, head: 'q' },
            pruner: config.sparsity === 0 ? null : { name: 'gmp', finalSparsity: config.sparsity, startFraction: 0.2, endFraction: 0.8, updateEvery: 1000, distribution: 'erk' },
            optimizer: { kind: 'rmsprop-centered', learningRate: 2.5e-4 },
          },
          meta: {
            method,
            task,
            seed,
            factors: { agent: 'DQN', width: config.width, sparsity: config.sparsity },
            versions: { '@prunerl/agents': '0.1.0', '@tensorflow/tfjs-core': '4.22.0' },
            backend: 'wasm (SIMD on, 1 thread)',
            startedAt: '2025-01-01T00:00:00.000Z',
            wallTimeSeconds,
            envSteps: totalSteps,
            gradientUpdates: totalSteps,
            status: 'completed',
            stepUnit: 'Environment steps',
          },
          metrics,
        });
      }
    }
  }
  return runs;
}

function diagnostics(step: number, progress: number, config: { width: number; sparsity: number }, rng: Rng): MetricRecord[] {
  const pruned = config.sparsity > 0;
  const noise = (scale: number): number => 1 + rng.normal(0, scale);
  const dormant = (pruned ? 0.06 : 0.12 + 0.04 * config.width) * Math.sqrt(progress) * noise(0.1);
  return [
    { step, name: DIAGNOSTIC_METRICS.qVariance, value: round((pruned ? 0.4 : 1.2) * progress * noise(0.1)) },
    { step, name: DIAGNOSTIC_METRICS.parameterNorm, value: round((20 + (pruned ? 8 : 30) * config.width ** 0.5 * progress) * noise(0.02)) },
    { step, name: DIAGNOSTIC_METRICS.qNorm, value: round((pruned ? 3 : 6) * progress * noise(0.05)) },
    { step, name: DIAGNOSTIC_METRICS.srank, value: Math.round((pruned ? 110 : 90 - 40 * progress) * noise(0.03)) },
    { step, name: DIAGNOSTIC_METRICS.dormant(0.1), value: round(dormant) },
    { step, name: DIAGNOSTIC_METRICS.dormant(0), value: round(dormant * 0.4) },
    { step, name: DIAGNOSTIC_METRICS.sparsity, value: round(config.sparsity * (1 - (1 - Math.min(Math.max((progress - 0.2) / 0.6, 0), 1)) ** 3)) },
  ];
}

/** Cosines of k synthetic gradients sharing a common direction (stronger for dense networks). */
function covarianceRecord(step: number, sparsity: number, rng: Rng): MetricRecord {
  const k = 16;
  const d = 64;
  const shared = Array.from({ length: d }, () => rng.normal());
  const strength = sparsity > 0 ? 0.25 : 0.9;
  const grads = Array.from({ length: k }, () => {
    const sign = rng.uniform() < 0.3 ? -1 : 1;
    return shared.map((s) => sign * strength * s + rng.normal());
  });
  const norms = grads.map((g) => Math.sqrt(g.reduce((s, v) => s + v * v, 0)));
  const matrix: number[] = [];
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) matrix.push(round(grads[i]!.reduce((s, v, n) => s + v * grads[j]![n]!, 0) / (norms[i]! * norms[j]!)));
  return { step, name: DIAGNOSTIC_METRICS.gradientCovariance, value: matrix, tags: { k } };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
