/**
 * Environment steps per second of every built-in environment and of @prunerl/mujoco's Gymnasium v5
 * tasks (Hopper, Walker2d, HalfCheetah, Ant, Humanoid), one thread, uniformly random
 * actions (drawn ahead of time, so the policy costs nothing), resetting when an episode ends.
 * Each environment is stepped in 5 timed rounds of about 0.4 s after a warm-up; the table shows the
 * median round and the mean episode length seen.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/environments.ts          # table
 *   npx tsx --conditions=@prunerl/source tools/bench/environments.ts --json   # machine-readable
 */
import { pathToFileURL } from 'node:url';
import { Rng, type Action } from '@prunerl/core';
import { listEnvironments, make } from '@prunerl/environments';
import { MUJOCO_ENVIRONMENTS, registerMujocoEnvironments } from '@prunerl/mujoco';
import { summarise } from './stats';

const ROUNDS = 5;
const ROUND_MS = 400;
const ACTIONS = 1 << 16;

/** Steps per second of one environment (median of the rounds, with min and max). */
export interface EnvironmentRow {
  readonly id: string;
  readonly stepsPerSecond: number;
  readonly minStepsPerSecond: number;
  readonly maxStepsPerSecond: number;
  readonly meanEpisodeLength: number;
}

/**
 * Steps `id` with uniformly random actions (drawn ahead), resetting at episode ends: a 300 ms
 * warm-up, then `rounds` timed rounds of about `roundMs`.
 */
export function benchEnvironment(id: string, rounds = ROUNDS, roundMs = ROUND_MS): EnvironmentRow {
  const env = make(id);
  const rng = Rng.fromSeed(1).split('actions');
  // Discrete indices or continuous Float32Array actions, uniform in the action space.
  const actions: Action[] = Array.from({ length: ACTIONS }, () => env.actionSpace.sample(rng));
  env.reset({ seed: 0 });
  let a = 0;
  let episodes = 0;
  let steps = 0;
  const run = (count: number): void => {
    for (let i = 0; i < count; i++) {
      const r = env.step(actions[a++ & (ACTIONS - 1)]!);
      if (r.terminated || r.truncated) {
        env.reset();
        episodes++;
      }
    }
    steps += count;
  };
  // Warm-up (JIT) and a calibration of the batch size.
  let batch = 1000;
  const warmStart = performance.now();
  while (performance.now() - warmStart < 300) run(batch);
  const rates: number[] = [];
  episodes = 0;
  steps = 0;
  for (let round = 0; round < rounds; round++) {
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < roundMs) {
      run(batch);
      count += batch;
    }
    rates.push((count / (performance.now() - start)) * 1000);
    batch = Math.max(1000, Math.round(rates[rates.length - 1]! / 100));
  }
  env.close();
  const s = summarise(rates);
  return { id, stepsPerSecond: s.median, minStepsPerSecond: s.min, maxStepsPerSecond: s.max, meanEpisodeLength: episodes > 0 ? steps / episodes : Number.NaN };
}

/**
 * The environments the benchmarks step: every MinAtar game, the classic-control tasks (discrete and
 * continuous) and the MuJoCo tasks, which it registers first (loading MuJoCo's WebAssembly).
 */
export async function benchedEnvironmentIds(): Promise<string[]> {
  await registerMujocoEnvironments();
  const classic = ['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0', 'Pendulum-v1', 'MountainCarContinuous-v0'];
  const mujoco = MUJOCO_ENVIRONMENTS.map(([id]) => id);
  return [...listEnvironments().filter((id) => id.startsWith('MinAtar/') || classic.includes(id)), ...mujoco];
}

async function main(): Promise<void> {
  const rows = (await benchedEnvironmentIds()).map((id) => benchEnvironment(id));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ node: process.version, rounds: ROUNDS, rows }, null, 2));
  } else {
    console.log(`Environment steps per second (Node ${process.version}, one thread, random actions, median of ${ROUNDS} rounds)\n`);
    console.log(`${'environment'.padEnd(26)} ${'steps/s'.padStart(12)} ${'min'.padStart(12)} ${'max'.padStart(12)} ${'mean ep. length'.padStart(16)}`);
    for (const r of rows) {
      const f = (v: number): string => Math.round(v).toLocaleString('en-US').padStart(12);
      console.log(`${r.id.padEnd(26)} ${f(r.stepsPerSecond)} ${f(r.minStepsPerSecond)} ${f(r.maxStepsPerSecond)} ${r.meanEpisodeLength.toFixed(1).padStart(16)}`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
