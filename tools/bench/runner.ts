/**
 * What the runner itself costs, apart from learning: checkpoint writing, validation and restore
 * for full replay buffers (the runner writes one after every iteration), and the loop's overhead
 * per environment step (acting, storing, logging) before any gradient update.
 *
 *     npx tsx --conditions=@prunerl/source tools/bench/runner.ts [--json] [--transitions 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@prunerl/backend';
import { Rng, type TypedArray } from '@prunerl/core';
import { buildExperiment, CheckpointStore, decodeState, encodeState, ExperimentLoop, resolveExperimentConfig } from '@prunerl/runner';

const args = process.argv.slice(2);
const json = args.includes('--json');
const transitionsArg = args.indexOf('--transitions');
const transitions = transitionsArg >= 0 ? Number(args[transitionsArg + 1]) : 100_000;

interface Row {
  readonly case: string;
  readonly value: number;
  readonly unit: string;
}

async function checkpointCase(torso: string, width: number, rows: Row[]): Promise<void> {
  const config = resolveExperimentConfig({
    environment: { id: 'MinAtar/Breakout-v1' },
    agent: { name: 'dqn' },
    network: { torso, width },
    pruner: { name: 'gmp', options: { sparsity: 0.95 } },
    replay: { capacity: transitions },
    budget: { iterations: 10, stepsPerIteration: 10_000 },
  });
  const parts = await buildExperiment(config, 0);
  const rng = Rng.fromSeed(1);
  // Fill the buffer with random frames (what matters is its size, not the game).
  const size = parts.env.observationSpace.shape.reduce((a, b) => a * b, 1);
  let observation: TypedArray = new Uint8Array(size);
  for (let i = 0; i < transitions; i++) {
    const next = new Uint8Array(size);
    for (let j = 0; j < size; j++) next[j] = rng.uniform() < 0.1 ? 1 : 0;
    const ended = i % 500 === 499;
    parts.replay.add({ observation, action: rng.uniformInt(0, 6), reward: rng.uniform(), nextObservation: next, terminated: ended, truncated: false });
    observation = ended ? new Uint8Array(size) : next;
  }
  const label = `${torso} w=${width} (${parts.parameterCount?.toLocaleString('en-US')} params), ${transitions.toLocaleString('en-US')} transitions`;
  const dir = mkdtempSync(join(tmpdir(), 'prunerl-bench-'));
  try {
    const store = new CheckpointStore(dir);
    let start = performance.now();
    const agentBytes = encodeState(parts.agent.state());
    const encodeMs = performance.now() - start;
    start = performance.now();
    const handle = await store.write(1, [
      { name: 'agent.bin', data: agentBytes },
      { name: 'replay.bin', data: parts.replay.state() },
    ]);
    const writeMs = performance.now() - start;
    const totalBytes = handle.marker.files.reduce((a, f) => a + f.bytes, 0);
    start = performance.now();
    const { latest } = await store.latest();
    const validateMs = performance.now() - start;
    start = performance.now();
    parts.agent.restore(decodeState(await store.readFile(latest!, 'agent.bin')) as never);
    await parts.replay.restore(store.streamFile(latest!, 'replay.bin'));
    const restoreMs = performance.now() - start;
    rows.push({ case: `checkpoint size: ${label}`, value: totalBytes / 2 ** 20, unit: 'MiB' });
    rows.push({ case: `  agent state -> bytes`, value: encodeMs, unit: 'ms' });
    rows.push({ case: `  write (fsync, rename, SHA-256)`, value: writeMs, unit: 'ms' });
    rows.push({ case: `  validate (re-hash every file)`, value: validateMs, unit: 'ms' });
    rows.push({ case: `  restore agent + replay`, value: restoreMs, unit: 'ms' });
  } finally {
    parts.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loopCase(mode: 'random' | 'greedy', rows: Row[]): Promise<void> {
  const steps = mode === 'random' ? 50_000 : 10_000;
  // No gradient updates (warm-up longer than the run): what is left is acting and bookkeeping.
  // `random` acts with epsilon 1 (no forward pass), `greedy` with epsilon 0 (one forward pass a step).
  const config = resolveExperimentConfig({
    environment: { id: 'MinAtar/Breakout-v1' },
    agent: {
      name: 'dqn',
      options: { minReplayHistory: steps * 10, ...(mode === 'greedy' ? { epsilonSchedule: 'constant', epsilonTrain: 0 } : {}) },
    },
    budget: { iterations: 1, stepsPerIteration: steps },
  });
  const parts = await buildExperiment(config, 0);
  try {
    const { env, agent } = parts;
    const bareLoop = (): number => {
      const start = performance.now();
      let { observation } = env.reset({ seed: 0 });
      for (let i = 0; i < steps; i++) {
        const action = agent.act(observation, 'train');
        const result = env.step(action);
        agent.observe({ observation, action, reward: result.reward, nextObservation: result.observation, terminated: result.terminated, truncated: result.truncated });
        observation = result.terminated || result.truncated ? env.reset({ seed: i }).observation : result.observation;
      }
      return steps / ((performance.now() - start) / 1000);
    };
    const runnerLoop = async (): Promise<number> => {
      const start = performance.now();
      const loop = new ExperimentLoop(parts, { seed: 0, iterations: 1, stepsPerIteration: steps });
      await loop.run();
      return loop.steps / ((performance.now() - start) / 1000);
    };
    // Warm both paths up (JIT, wasm), then measure each twice, alternating, and keep the best.
    bareLoop();
    await runnerLoop();
    const bare = Math.max(bareLoop(), bareLoop());
    const looped = Math.max(await runnerLoop(), await runnerLoop());
    rows.push({ case: `${mode} acting: act + step + observe, hand-written loop`, value: bare, unit: 'steps/s' });
    rows.push({ case: `${mode} acting: the same through ExperimentLoop`, value: looped, unit: 'steps/s' });
  } finally {
    parts.dispose();
  }
}

async function main(): Promise<void> {
  await initBackend({ name: 'wasm' });
  const rows: Row[] = [];
  await loopCase('random', rows);
  await loopCase('greedy', rows);
  await checkpointCase('minatar-cnn', 1, rows);
  await checkpointCase('impala', 3, rows);
  if (json) {
    console.log(JSON.stringify(rows));
    return;
  }
  const width = Math.max(...rows.map((r) => r.case.length));
  for (const row of rows) console.log(`${row.case.padEnd(width)}  ${row.value.toFixed(row.unit === 'MiB' ? 1 : 0).padStart(9)} ${row.unit}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
