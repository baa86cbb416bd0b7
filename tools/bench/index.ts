/**
 * prunerl's benchmark suite: one process run measures
 *
 * - `update`: one DQN update (`agent.update()`, batch 32: replay sample, target and online forward,
 *   MSE loss, backward, Adam, and a 95% GMP pruner's mask multiplication) and
 * - `acting`: greedy acting (`agent.act`, one observation; `agent.actBatch`, N observations in one
 *   forward pass)
 *   for minatar-cnn and impala at widths 1/3/5 on 10x10x4 input and nature-cnn and impala width 1
 *   on 84x84x4, each next to PyTorch on the CPU running the same networks and steps
 *   (`peer/torch_bench.py`, when `<python> -c "import torch"` works), with the ratio;
 * - `env`: environment steps per second of every built-in environment;
 * - `replay`: replay add and sample throughput (MinAtar 10x10x4, uniform and prioritized);
 * - `e2e`: end-to-end environment steps per second of DQN on MinAtar Breakout at replay ratios 0.25
 *   and 1, dense and with GMP;
 * - `sparse`: acting with pruned networks at 0/90/95/99% sparsity, dense path vs sparse inference.
 *
 * Times are medians with [min-max] over repeats. The 1-minute load average is recorded before and
 * after each section (the machines are shared; compare runs only at similar load).
 *
 *   npm run bench                                  # everything, as a table
 *   npm run bench -- --json                        # machine-readable
 *   npm run bench -- --only update,acting          # sections: update, acting, env, replay, e2e, sparse
 *   npm run bench -- --network impala --quick      # cases whose name contains "impala", short budgets
 *   npm run bench -- --python /usr/bin/python3 --torch-threads 1 --no-peer
 *   npm run bench -- --baseline                    # also the earlier kernel set (no SIMD, no fused kernels), case by case
 *   npm run bench -- --rounds 3                    # each network case 3 times, alternating with PyTorch
 *   npm run bench -- --no-fma                      # prunerl's kernels without fused multiply-add
 *   npm run bench -- --unpruned                    # update/acting without the pruner, and PyTorch without masks
 *   npm run bench -- --kernel-threads 2            # prunerl's large convolutions on 2 threads
 */
import { cpus, loadavg } from 'node:os';
import { describeBackend, initBackend } from '@prunerl/backend';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { benchAgent, type AgentTimings } from './agents';
import { benchEndToEnd, END_TO_END_CASES, type EndToEndResult } from './end-to-end';
import { benchedEnvironmentIds, benchEnvironment, type EnvironmentRow } from './environments';
import { runTorchPeer, torchAvailable, type PeerCase, type PeerTimings } from './peer/torch-peer';
import { KINDS, runReplayCase, type ReplayResult } from './replay';
import { benchSparseActing, SPARSE_CASES, type SparseActingResult } from './sparse-acting';
import { ms, summarise, type TimingSummary } from './stats';

const SECTIONS = ['update', 'acting', 'env', 'replay', 'e2e', 'sparse'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  readonly json: boolean;
  readonly quick: boolean;
  readonly only: ReadonlySet<Section>;
  readonly network: string | undefined;
  readonly python: string;
  readonly torchThreads: number;
  readonly peer: boolean;
  readonly actBatch: number;
  /**
   * Also measure with the baseline kernel set, case by case: the kernels before prunerl's
   * CPU-throughput work, i.e. both of `initBackend`'s kernel switches off ({@link BASELINE_KERNELS}).
   */
  readonly baseline: boolean;
  /**
   * Rounds of the update/acting section: each case is measured this many times, alternating
   * prunerl and PyTorch, and the medians of the rounds are combined (median of medians, overall
   * min and max), so a burst of load on the shared machine cannot land on one side only.
   */
  readonly rounds: number;
  /** prunerl's kernels with relaxed-SIMD fused multiply-add (`initBackend({ fusedMultiplyAdd })`); `--no-fma` turns it off. */
  readonly fma: boolean;
  /**
   * `--unpruned`: the update/acting section without the 95% pruner on prunerl's side and without
   * the masks on PyTorch's (dense networks on both), instead of the issue's masked update.
   */
  readonly unpruned: boolean;
  /** `--kernel-threads n`: prunerl's kernels on n threads (`initBackend({ kernelThreads })`; the PyTorch peer keeps `--torch-threads`). */
  readonly kernelThreads: number;
}

/**
 * The baseline kernel set of `--baseline`: neither prunerl's generated SIMD kernels (`simdKernels`)
 * nor the kernels of core's kernel names (`fusedKernels`: fused Adam, layers, losses), i.e.
 * tfjs-backend-wasm's own kernels plus what training needs on it.
 */
const BASELINE_KERNELS = { name: 'wasm', simdKernels: false, fusedKernels: false } as const;

/** The backend prunerl's rows run on. */
function wasmOptions(args: Args): { name: 'wasm'; fusedMultiplyAdd: boolean; kernelThreads: number } {
  return { name: 'wasm', fusedMultiplyAdd: args.fma, kernelThreads: args.kernelThreads };
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('--only')?.split(',').map((s) => s.trim()) ?? [...SECTIONS];
  for (const s of only) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section "${s}" (sections: ${SECTIONS.join(', ')})`);
  }
  return {
    json: argv.includes('--json'),
    quick: argv.includes('--quick'),
    only: new Set(only as Section[]),
    network: value('--network'),
    python: value('--python') ?? '/usr/bin/python3',
    torchThreads: Number(value('--torch-threads') ?? 1),
    peer: !argv.includes('--no-peer'),
    actBatch: Number(value('--act-batch') ?? 16),
    baseline: argv.includes('--baseline'),
    rounds: Math.max(1, Number(value('--rounds') ?? 1)),
    fma: !argv.includes('--no-fma'),
    unpruned: argv.includes('--unpruned'),
    kernelThreads: Number(value('--kernel-threads') ?? 1),
  };
}

/** The network cases of the update and acting sections. */
export const NETWORK_CASES: readonly PeerCase[] = [
  ...[1, 3, 5].map((width) => ({ name: `minatar-cnn w${width} 10x10x4`, torso: 'minatar-cnn' as const, width, shape: [10, 10, 4] as const, actions: 6 })),
  ...[1, 3, 5].map((width) => ({ name: `impala w${width} 10x10x4`, torso: 'impala' as const, width, shape: [10, 10, 4] as const, actions: 6 })),
  { name: 'nature-cnn w1 84x84x4', torso: 'nature-cnn', width: 1, shape: [84, 84, 4], actions: 18 },
  { name: 'impala w1 84x84x4', torso: 'impala', width: 1, shape: [84, 84, 4], actions: 18 },
];

interface NetworkRow {
  readonly case: PeerCase;
  readonly ours: AgentTimings;
  /** With the baseline kernels (`--baseline`). */
  readonly baseline: AgentTimings | undefined;
  readonly torch: PeerTimings | undefined;
  readonly load: readonly [number, number];
}

interface Report {
  readonly meta: Record<string, unknown>;
  readonly networks?: { readonly peer: string; readonly rows: NetworkRow[] };
  readonly env?: { readonly rows: EnvironmentRow[]; readonly load: readonly [number, number] };
  readonly replay?: { readonly capacity: number; readonly rows: ReplayResult[]; readonly load: readonly [number, number] };
  readonly e2e?: { readonly rows: EndToEndResult[]; readonly baseline: EndToEndResult[] | undefined; readonly load: readonly [number, number] };
  readonly sparse?: { readonly rows: SparseActingResult[]; readonly load: readonly [number, number] };
}

const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;

/** Median of the rounds' medians, overall min and max, samples added up. */
function combine(summaries: readonly TimingSummary[]): TimingSummary {
  const medians = summarise(summaries.map((t) => t.median));
  return {
    median: medians.median,
    min: Math.min(...summaries.map((t) => t.min)),
    max: Math.max(...summaries.map((t) => t.max)),
    samples: summaries.reduce((a, t) => a + t.samples, 0),
  };
}

/** Combines the timings of several rounds of one case (see `--rounds`); undefined when none ran. */
function combineRounds<T extends { update: TimingSummary; act: TimingSummary; actBatch: TimingSummary }>(rounds: readonly T[]): T | undefined {
  if (rounds.length === 0) return undefined;
  return { ...rounds[0]!, update: combine(rounds.map((r) => r.update)), act: combine(rounds.map((r) => r.act)), actBatch: combine(rounds.map((r) => r.actBatch)) };
}

async function timed<T>(body: () => Promise<T> | T): Promise<{ value: T; load: [number, number] }> {
  const before = load1();
  const value = await body();
  return { value, load: [before, load1()] };
}

function progress(args: Args, text: string): void {
  if (!args.json) process.stderr.write(`${text}\n`);
}

async function networkSection(args: Args): Promise<Report['networks']> {
  const cases = NETWORK_CASES.filter((c) => args.network === undefined || c.name.includes(args.network));
  const available = args.peer ? torchAvailable(args.python) : { ok: false, reason: 'disabled (--no-peer)' };
  let peer = available.ok ? '' : `not run: ${available.reason}`;
  const rows: NetworkRow[] = [];
  const budgetMs = args.quick ? 600 : 3000;
  for (const c of cases) {
    const before = load1();
    const agentCase = {
      name: c.name,
      preset: 'minatar' as const,
      agent: 'dqn' as const,
      torso: c.torso,
      width: c.width,
      observationShape: [...c.shape],
      numActions: c.actions,
      // Masks fixed at 95% after the first two updates: every timed update multiplies them in.
      hooks: () => (args.unpruned ? [] : [new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })]),
    };
    const options = { budgetMs, actBatchSize: args.actBatch, optimizerShare: false };
    const runs: { ours: AgentTimings[]; baseline: AgentTimings[]; torch: PeerTimings[] } = { ours: [], baseline: [], torch: [] };
    for (let round = 0; round < args.rounds; round++) {
      progress(args, `update/acting: ${c.name}${args.rounds > 1 ? ` (round ${round + 1}/${args.rounds})` : ''}`);
      if (args.baseline) {
        await initBackend(BASELINE_KERNELS);
        runs.baseline.push(await benchAgent(agentCase, options));
        await initBackend(wasmOptions(args));
      }
      runs.ours.push(await benchAgent(agentCase, options));
      if (available.ok) {
        const outcome = runTorchPeer([c], { python: args.python, threads: args.torchThreads, budgetMs, actBatchSize: args.actBatch, masks: !args.unpruned });
        if (outcome.ran) {
          runs.torch.push(outcome.results[0]!);
          peer = `PyTorch ${outcome.torch} on the CPU, ${outcome.threads} thread${outcome.threads === 1 ? '' : 's'} (cores here: ${outcome.defaultThreads}; BLAS: ${outcome.blas})`;
        } else {
          peer = `failed: ${outcome.reason}`;
        }
      }
    }
    rows.push({
      case: c,
      ours: combineRounds(runs.ours)!,
      baseline: combineRounds(runs.baseline),
      torch: combineRounds(runs.torch),
      load: [before, load1()],
    });
  }
  return { peer, rows };
}

const cell = (t: TimingSummary | undefined): string => (t ? `${ms(t.median)} [${ms(t.min)}-${ms(t.max)}]` : '-');
const ratio = (a: TimingSummary, b: TimingSummary | undefined): string => (b ? (a.median / b.median).toFixed(2) : '-');
const rate = (v: number): string => Math.round(v).toLocaleString('en-US');

function printReport(report: Report, args: Args): void {
  const m = report.meta;
  console.log(`prunerl benchmark suite: ${m.backend}, Node ${m.node}, ${m.cpu} (${m.cores} cores), ${m.date}`);
  if (report.networks) {
    const n = report.networks;
    console.log(`\n## DQN update (batch 32${args.unpruned ? ', unpruned networks' : ', 95% masks applied after each update'}) and acting, ms: prunerl (wasm) vs ${n.peer || 'PyTorch'}; ratio = prunerl / PyTorch (<= 1: prunerl as fast or faster)\n`);
    if (args.only.has('update')) {
      const base = args.baseline ? ' baseline kernels | ratio |' : '';
      console.log(`| network | params |${base} prunerl | ratio | PyTorch | load |`);
      console.log(`|---|---:|${args.baseline ? '---:|---:|' : ''}---:|---:|---:|---|`);
      for (const r of n.rows) {
        const b = r.baseline ? ` ${cell(r.baseline.update)} | ${ratio(r.baseline.update, r.torch?.update)} |` : '';
        console.log(`| ${r.case.name} | ${rate(r.ours.parameters)} |${b} ${cell(r.ours.update)} | ${ratio(r.ours.update, r.torch?.update)} | ${cell(r.torch?.update)} | ${r.load.join(' -> ')} |`);
      }
    }
    if (args.only.has('acting')) {
      const size = n.rows[0]?.ours.actBatchSize ?? args.actBatch;
      const base = args.baseline ? ` baseline act (1) | baseline act (${size}) |` : '';
      console.log(`\n| network |${base} prunerl act (1) | PyTorch act (1) | ratio | prunerl act (${size}) | PyTorch act (${size}) | ratio |`);
      console.log(`|---|${args.baseline ? '---:|---:|' : ''}---:|---:|---:|---:|---:|---:|`);
      for (const r of n.rows) {
        const b = r.baseline ? ` ${cell(r.baseline.act)} | ${cell(r.baseline.actBatch)} |` : '';
        console.log(`| ${r.case.name} |${b} ${cell(r.ours.act)} | ${cell(r.torch?.act)} | ${ratio(r.ours.act, r.torch?.act)} | ${cell(r.ours.actBatch)} | ${cell(r.torch?.actBatch)} | ${ratio(r.ours.actBatch, r.torch?.actBatch)} |`);
      }
    }
  }
  if (report.env) {
    console.log(`\n## Environment steps per second (one thread, random actions; load ${report.env.load.join(' -> ')})\n`);
    console.log('| environment | steps/s | min | max |');
    console.log('|---|---:|---:|---:|');
    for (const r of report.env.rows) console.log(`| ${r.id} | ${rate(r.stepsPerSecond)} | ${rate(r.minStepsPerSecond)} | ${rate(r.maxStepsPerSecond)} |`);
  }
  if (report.replay) {
    console.log(`\n## Replay (capacity ${rate(report.replay.capacity)}, batch 32, 3-step; load ${report.replay.load.join(' -> ')})\n`);
    console.log('| observations | buffer | add (transitions/s) | sample (transitions/s) | updatePriorities (/s) |');
    console.log('|---|---|---:|---:|---:|');
    for (const r of report.replay.rows) console.log(`| ${r.observations} | ${r.kind} | ${rate(r.addPerSecond)} | ${rate(r.samplePerSecond)} | ${r.updatePerSecond === null ? '-' : rate(r.updatePerSecond)} |`);
  }
  if (report.e2e) {
    console.log(`\n## End to end: DQN on MinAtar Breakout, environment steps/s (load ${report.e2e.load.join(' -> ')})\n`);
    const { baseline } = report.e2e;
    const range = (r: EndToEndResult): string => `${rate(r.stepsPerSecond.median)} [${rate(r.stepsPerSecond.min)}-${rate(r.stepsPerSecond.max)}]`;
    console.log(`| run | update period |${baseline ? ' baseline kernels |' : ''} prunerl | final sparsity |`);
    console.log(`|---|---:|${baseline ? '---:|' : ''}---:|---:|`);
    report.e2e.rows.forEach((r, i) => {
      const b = baseline?.[i] ? ` ${range(baseline[i]!)} |` : '';
      console.log(`| ${r.name} | ${r.updatePeriod} |${b} ${range(r)} | ${r.sparsity.toFixed(3)} |`);
    });
  }
  if (report.sparse) {
    console.log(`\n## Sparse inference: greedy acting with pruned networks (GMP masks: ERK, magnitude), ms (load ${report.sparse.load.join(' -> ')})\n`);
    console.log('| network | sparsity | batch | dense path | sparse path | speed-up | build ms | max abs diff |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of report.sparse.rows) {
      console.log(`| ${r.name} | ${(r.measuredSparsity * 100).toFixed(1)}% | ${r.batch} | ${cell(r.dense)} | ${cell(r.sparse)} | ${(r.dense.median / r.sparse.median).toFixed(2)} | ${ms(r.buildMs)} | ${r.maxAbsDiff.toExponential(1)} |`);
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const info = await initBackend(wasmOptions(args));
  const meta = {
    backend: describeBackend(info),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    date: new Date().toISOString(),
    loadAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
    args: process.argv.slice(2),
  };
  const report: { -readonly [K in keyof Report]: Report[K] } = { meta };
  if (args.only.has('update') || args.only.has('acting')) report.networks = await networkSection(args);
  if (args.only.has('sparse')) {
    progress(args, 'sparse acting');
    const { value, load } = await timed(() => benchSparseActing(SPARSE_CASES, { quick: args.quick }));
    report.sparse = { rows: value, load };
  }
  if (args.only.has('env')) {
    progress(args, 'environments');
    const ids = await benchedEnvironmentIds();
    const { value, load } = await timed(() => ids.map((id) => benchEnvironment(id, args.quick ? 3 : 5, args.quick ? 150 : 400)));
    report.env = { rows: value, load };
  }
  if (args.only.has('replay')) {
    progress(args, 'replay');
    const capacity = args.quick ? 20_000 : 100_000;
    const { value, load } = await timed(async () => {
      const rows: ReplayResult[] = [];
      for (const kind of KINDS) rows.push(await runReplayCase('minatar4', kind, capacity));
      return rows;
    });
    report.replay = { capacity, rows: value, load };
  }
  if (args.only.has('e2e')) {
    let baseline: EndToEndResult[] | undefined;
    const { value, load } = await timed(async () => {
      const rows: EndToEndResult[] = [];
      for (const c of END_TO_END_CASES) {
        const options = args.quick ? { steps: c.replayRatio === 1 ? 400 : 1_000, rounds: 3 } : { rounds: 5 };
        if (args.baseline) {
          progress(args, `end to end (baseline kernels): ratio ${c.replayRatio}${c.gmp ? ' GMP' : ''}`);
          await initBackend(BASELINE_KERNELS);
          (baseline ??= []).push(await benchEndToEnd(c, options));
          await initBackend(wasmOptions(args));
        }
        progress(args, `end to end: ratio ${c.replayRatio}${c.gmp ? ' GMP' : ''}`);
        rows.push(await benchEndToEnd(c, options));
      }
      return rows;
    });
    report.e2e = { rows: value, baseline, load };
  }
  (meta as Record<string, unknown>).loadAtEnd = loadavg().map((v) => Math.round(v * 100) / 100);
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report, args);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
