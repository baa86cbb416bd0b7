/**
 * A masked DQN update against the same network's dense update, in one process and alternating
 * round by round (so both see the same machine load): issue 21's "with 95% GMP masks fixed, an
 * Impala w3 update at least 3x faster than the same network dense".
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/masked-vs-dense.ts [--torso impala] [--width 3]
 *     [--rounds 5] [--updates 30] [--kernel-threads 2]
 *
 * Each round times `--updates` updates of each agent (after a warm-up); prints the medians per
 * round and dense / masked per round, median [min-max] over rounds.
 */
import { loadavg } from 'node:os';
import { describeBackend, initBackend } from '@prunerl/backend';
import type { TorsoName } from '@prunerl/networks';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { prepareBenchAgent, type PreparedAgent } from './agents';
import { ms, summarise, time } from './stats';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function prepare(torso: TorsoName, width: number, masked: boolean): PreparedAgent {
  return prepareBenchAgent({
    name: `${torso} w${width}${masked ? ' masked' : ''}`,
    preset: 'minatar',
    agent: 'dqn',
    torso,
    width,
    observationShape: [10, 10, 4],
    numActions: 6,
    hooks: () => (masked ? [new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })] : []),
  });
}

async function main(): Promise<void> {
  const info = await initBackend({ name: 'wasm', kernelThreads: Number(argument('--kernel-threads') ?? 1) });
  const torso = (argument('--torso') ?? 'impala') as TorsoName;
  const width = Number(argument('--width') ?? 3);
  const rounds = Number(argument('--rounds') ?? 5);
  const updates = Number(argument('--updates') ?? 30);
  const dense = prepare(torso, width, false);
  const masked = prepare(torso, width, true);
  try {
    console.log(`${torso} w${width} 10x10x4, DQN update (batch 32) on ${describeBackend(info)}; ${rounds} rounds of ${updates} updates each, alternating`);
    console.log('\n| round | dense ms | 95% masked ms | dense / masked | load |');
    console.log('|---:|---:|---:|---:|---:|');
    const ratios: number[] = [];
    const denseMedians: number[] = [];
    const maskedMedians: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const d = await time(() => dense.agent.update(), updates, 5);
      const m = await time(() => masked.agent.update(), updates, 5);
      ratios.push(d.median / m.median);
      denseMedians.push(d.median);
      maskedMedians.push(m.median);
      console.log(`| ${r + 1} | ${ms(d.median)} | ${ms(m.median)} | ${(d.median / m.median).toFixed(2)} | ${loadavg()[0]!.toFixed(2)} |`);
    }
    const s = summarise(ratios);
    const dm = summarise(denseMedians);
    const mm = summarise(maskedMedians);
    console.log(`\ndense ${ms(dm.median)} [${ms(dm.min)}-${ms(dm.max)}] ms, masked ${ms(mm.median)} [${ms(mm.min)}-${ms(mm.max)}] ms; dense / masked ${s.median.toFixed(2)} [${s.min.toFixed(2)}-${s.max.toFixed(2)}]`);
  } finally {
    dense.agent.dispose();
    masked.agent.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
