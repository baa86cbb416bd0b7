/**
 * End-to-end training throughput: environment steps per second of a DQN run on MinAtar Breakout
 * (the `minatar` preset, built by @prunerl/runner exactly as `prunerl train` builds it), at replay
 * ratios 0.25 (one update every 4 steps, the preset) and 1 (one update per step), dense and with
 * GMP to 95% sparsity (masks recomputed every 1,000 updates, from the first update to 80% of the
 * run, and applied after every update).
 *
 * After a warm-up (the replay fill of `minReplayHistory` steps with no updates, then one round),
 * `rounds` timed rounds of `steps` environment steps each run the runner's inner loop: act
 * (epsilon-greedy, one forward pass), env step, observe (store, train on schedule, sync target).
 * The median round is reported with min and max.
 *
 * By default the rounds fall early in the preset's epsilon decay (1 to 0.01 over 250k steps), when
 * most actions are random and skip the network. `--decayed` decays epsilon over the replay fill
 * instead, so every timed step acts as most of a long run does (epsilon 0.01: a forward pass per
 * step); the 10M-frame target is judged on that.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/end-to-end.ts [--json] [--steps 4000] [--rounds 3]
 *     [--torso impala --width 3] [--prune-end 0.05] [--ratio 0.25] [--decayed]
 */
import { pathToFileURL } from 'node:url';
import { initBackend } from '@prunerl/backend';
import { buildExperiment, resolveExperimentConfig } from '@prunerl/runner';
import { summarise, type TimingSummary } from './stats';

/** One end-to-end configuration. */
export interface EndToEndCase {
  /** Gradient updates per environment step (1 / updatePeriod). */
  readonly replayRatio: 0.25 | 1;
  readonly gmp: boolean;
}

/** Throughput of one {@link EndToEndCase}. */
export interface EndToEndResult extends EndToEndCase {
  readonly name: string;
  readonly updatePeriod: number;
  /** Environment steps per second per round. */
  readonly stepsPerSecond: TimingSummary;
  readonly stepsPerRound: number;
  /** Overall sparsity at the end (0 for dense runs). */
  readonly sparsity: number;
}

/** Options of {@link benchEndToEnd}. */
export interface EndToEndOptions {
  /** Environment steps per timed round. Default 4,000 (ratio 0.25) and 1,500 (ratio 1). */
  readonly steps?: number;
  /** Timed rounds. Default 3. */
  readonly rounds?: number;
  /** Steps before updates start (the replay fill). Default 1,000 (the preset's). */
  readonly minReplayHistory?: number;
  /** The network's torso and width. Default the preset's (minatar-cnn, 1). */
  readonly network?: { readonly torso: 'minatar-cnn' | 'impala'; readonly width: number };
  /**
   * GMP's end as a fraction of the run. Default 0.8 (the timed rounds mostly prune); a small value
   * puts the rounds past the pruning phase, masks fixed.
   */
  readonly pruneEndFraction?: number;
  /** Decay epsilon over the replay fill, so the timed rounds act at its final value (see the file comment). */
  readonly decayedEpsilon?: boolean;
}

/** Every case: both ratios, dense and GMP. */
export const END_TO_END_CASES: readonly EndToEndCase[] = [
  { replayRatio: 0.25, gmp: false },
  { replayRatio: 0.25, gmp: true },
  { replayRatio: 1, gmp: false },
  { replayRatio: 1, gmp: true },
];

/** Builds the run of `c` and times its training loop (see the file comment). */
export async function benchEndToEnd(c: EndToEndCase, options: EndToEndOptions = {}): Promise<EndToEndResult> {
  const updatePeriod = Math.round(1 / c.replayRatio);
  const steps = options.steps ?? (c.replayRatio === 1 ? 1_500 : 4_000);
  const rounds = options.rounds ?? 3;
  const minReplayHistory = options.minReplayHistory ?? 1_000;
  const warmup = minReplayHistory + steps;
  const total = warmup + rounds * steps;
  const config = resolveExperimentConfig({
    environment: { id: 'MinAtar/Breakout-v1' },
    agent: { name: 'dqn', options: { updatePeriod, minReplayHistory, ...(options.decayedEpsilon ? { epsilonDecayPeriod: minReplayHistory } : {}) } },
    ...(options.network ? { network: options.network } : {}),
    ...(c.gmp ? { pruner: { name: 'gmp', options: { sparsity: 0.95, startFraction: 0, endFraction: options.pruneEndFraction ?? 0.8 } } } : {}),
    budget: { iterations: 1, stepsPerIteration: total },
  });
  const parts = await buildExperiment(config, 0);
  try {
    const { env, agent } = parts;
    let observation = env.reset({ seed: 0 }).observation;
    let episode = 0;
    const run = (count: number): void => {
      for (let i = 0; i < count; i++) {
        const action = agent.act(observation, 'train');
        const result = env.step(action);
        agent.observe({ observation, action, reward: result.reward, nextObservation: result.observation, terminated: result.terminated, truncated: result.truncated });
        observation = result.terminated || result.truncated ? env.reset({ seed: ++episode }).observation : result.observation;
      }
    };
    run(warmup);
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      run(steps);
      rates.push(steps / ((performance.now() - start) / 1000));
    }
    const sparsity = parts.pruner ? parts.pruner.sparsity().overall : 0;
    const net = options.network ? `, ${options.network.torso} x${options.network.width}` : '';
    const name = `DQN MinAtar Breakout${net}, replay ratio ${c.replayRatio}${c.gmp ? ', GMP 95%' : ', dense'}${options.decayedEpsilon ? ', epsilon 0.01' : ''}`;
    return { ...c, name, updatePeriod, stepsPerSecond: summarise(rates), stepsPerRound: steps, sparsity };
  } finally {
    parts.dispose();
  }
}

async function main(): Promise<void> {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  await initBackend({ name: 'wasm', kernelThreads: arg('--kernel-threads') ?? 1 });
  const results: EndToEndResult[] = [];
  const steps = arg('--steps');
  const rounds = arg('--rounds');
  const width = arg('--width');
  const pruneEnd = arg('--prune-end');
  const ratio = arg('--ratio');
  const torsoAt = process.argv.indexOf('--torso');
  const torso = torsoAt >= 0 ? (process.argv[torsoAt + 1] as 'minatar-cnn' | 'impala') : undefined;
  const options: EndToEndOptions = {
    ...(steps ? { steps } : {}),
    ...(rounds ? { rounds } : {}),
    ...(torso || width ? { network: { torso: torso ?? 'minatar-cnn', width: width ?? 1 } } : {}),
    ...(pruneEnd !== undefined ? { pruneEndFraction: pruneEnd } : {}),
    ...(process.argv.includes('--decayed') ? { decayedEpsilon: true } : {}),
  };
  for (const c of END_TO_END_CASES.filter((k) => ratio === undefined || k.replayRatio === ratio)) results.push(await benchEndToEnd(c, options));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  for (const r of results) {
    const s = r.stepsPerSecond;
    console.log(`${r.name.padEnd(52)} ${Math.round(s.median).toString().padStart(6)} steps/s [${Math.round(s.min)}-${Math.round(s.max)}]  sparsity ${r.sparsity.toFixed(3)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
