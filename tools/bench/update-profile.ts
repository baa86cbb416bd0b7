/**
 * Where one DQN update's time goes: runs `agent.update()` under `tf.profile` and sums each kernel's
 * time by kernel name and input shapes (one row per layer's op), dense and with 95% GMP masks.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/update-profile.ts [--torso impala] [--width 3]
 *     [--shape 10,10,4] [--updates 20] [--rows 25] [--unpruned | --pruned] [--kernel-threads 2]
 *
 * Times are wall-clock per kernel call (the wasm backend runs synchronously), averaged per update;
 * "engine" is the update's time outside kernels (tape, replay sampling, hooks' JavaScript).
 */
import { describeBackend, initBackend } from '@prunerl/backend';
import type { TorsoName } from '@prunerl/networks';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';
import { prepareBenchAgent } from './agents';

interface Row {
  readonly key: string;
  ms: number;
  calls: number;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function profileUpdate(pruned: boolean, torso: TorsoName, width: number, shape: number[], updates: number, rows: number): Promise<void> {
  const { agent } = prepareBenchAgent({
    name: `${torso} w${width}`,
    preset: 'minatar',
    agent: 'dqn',
    torso,
    width,
    observationShape: shape,
    numActions: 6,
    hooks: () => (pruned ? [new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })] : []),
  });
  try {
    for (let i = 0; i < 10; i++) agent.update();
    const byKey = new Map<string, Row>();
    let wall = 0;
    let kernels = 0;
    for (let i = 0; i < updates; i++) {
      const start = performance.now();
      const info = await tf.profile(() => {
        agent.update();
      });
      wall += performance.now() - start;
      for (const k of info.kernels) {
        const time = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        kernels += time;
        const key = `${k.name} ${k.inputShapes.map((s) => `[${(s ?? []).join(',')}]`).join(' ')}`;
        const row = byKey.get(key) ?? { key, ms: 0, calls: 0 };
        row.ms += time;
        row.calls += 1;
        byKey.set(key, row);
      }
    }
    const sorted = [...byKey.values()].sort((a, b) => b.ms - a.ms);
    console.log(`\n## ${torso} w${width} ${shape.join('x')}, ${pruned ? '95% GMP masks' : 'dense'}: ${(wall / updates).toFixed(2)} ms per update under the profiler, kernels ${(kernels / updates).toFixed(2)} ms\n`);
    console.log('| kernel and input shapes | ms per update | share | calls per update |');
    console.log('|---|---:|---:|---:|');
    for (const r of sorted.slice(0, rows)) {
      console.log(`| ${r.key} | ${(r.ms / updates).toFixed(3)} | ${((100 * r.ms) / kernels).toFixed(1)}% | ${(r.calls / updates).toFixed(0)} |`);
    }
    const restMs = sorted.slice(rows).reduce((a, r) => a + r.ms, 0);
    console.log(`| (${Math.max(0, sorted.length - rows)} other kernel/shape rows) | ${(restMs / updates).toFixed(3)} | ${((100 * restMs) / kernels).toFixed(1)}% | |`);
  } finally {
    agent.dispose();
  }
}

async function main(): Promise<void> {
  const info = await initBackend({ name: 'wasm', kernelThreads: Number(argument('--kernel-threads') ?? 1) });
  const torso = (argument('--torso') ?? 'impala') as TorsoName;
  const width = Number(argument('--width') ?? 3);
  const shape = (argument('--shape') ?? '10,10,4').split(',').map(Number);
  const updates = Number(argument('--updates') ?? 20);
  const rows = Number(argument('--rows') ?? 25);
  console.log(`update profile on ${describeBackend(info)}`);
  if (!process.argv.includes('--pruned')) await profileUpdate(false, torso, width, shape, updates, rows);
  if (!process.argv.includes('--unpruned')) await profileUpdate(true, torso, width, shape, updates, rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
