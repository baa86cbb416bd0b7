/**
 * Acting with pruned networks: greedy action of one observation (and of a batch of 16 for impala
 * x3) through the dense tfjs path of a `TorsoHeadNetwork` and through its `SparseInferenceNetwork`
 * decorator, at 0/90/95/99% sparsity. Masks are those GMP reaches at its final step: ERK
 * allocation over the kernels, magnitude criterion (@prunerl/pruning's `allocateLayers` +
 * `computeMasks`), multiplied into the weights. Each call builds the observation tensor from a
 * uint8 grid, runs the forward pass and reads the argmax back, as an agent's `act` does. The
 * sparse weights are built once before timing (`build ms` is that one-off cost, paid again after
 * every weight change); the max abs difference of the Q values of both paths is reported.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/sparse-acting.ts [--json] [--quick]
 */
import { pathToFileURL } from 'node:url';
import { describeBackend, initBackend } from '@prunerl/backend';
import { Rng } from '@prunerl/core';
import { createQNetwork, SparseInferenceNetwork, type TorsoName } from '@prunerl/networks';
import { allocateLayers, computeMasks, ErkDistribution, MagnitudeCriterion, selectPrunable } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';
import { ms, time, type TimingSummary } from './stats';

/** One network to time. */
export interface SparseCase {
  readonly torso: TorsoName;
  readonly width: number;
  readonly shape: readonly [number, number, number];
  readonly actions: number;
  readonly batches: readonly number[];
}

/** Dense vs sparse acting for one case, sparsity and batch size. */
export interface SparseActingResult {
  readonly name: string;
  readonly sparsity: number;
  /** Kernel sparsity measured on the masked weights. */
  readonly measuredSparsity: number;
  readonly batch: number;
  readonly dense: TimingSummary;
  readonly sparse: TimingSummary;
  /** ms to build the sparse weights (after each weight change). */
  readonly buildMs: number;
  /** Whether the default threshold (0.8) would choose the sparse path. */
  readonly defaultPath: 'sparse' | 'dense';
  readonly maxAbsDiff: number;
}

/** The cases of the suite: the impala x3, and the MinAtar reference network. */
export const SPARSE_CASES: readonly SparseCase[] = [
  { torso: 'impala', width: 3, shape: [10, 10, 4], actions: 6, batches: [1, 16] },
  { torso: 'impala', width: 1, shape: [10, 10, 4], actions: 6, batches: [1] },
  { torso: 'minatar-cnn', width: 1, shape: [10, 10, 4], actions: 6, batches: [1] },
  { torso: 'minatar-cnn', width: 5, shape: [10, 10, 4], actions: 6, batches: [1] },
];

export const SPARSITIES: readonly number[] = [0, 0.9, 0.95, 0.99];

/** Multiplies GMP-style final masks (ERK, magnitude) into the kernels of `net`. */
function prune(parameters: Parameters<typeof selectPrunable>[0], sparsity: number): void {
  if (sparsity === 0) return;
  const prunable = selectPrunable(parameters, {}, 'bench');
  const sparsities = allocateLayers(new ErkDistribution(), prunable, sparsity, 'bench');
  const masks = computeMasks(prunable, { criterion: new MagnitudeCriterion(), step: 0, sparsities });
  tf.tidy(() => {
    for (const p of prunable) p.variable.assign(tf.mul(p.variable, masks.get(p.name)!));
  });
  tf.dispose([...masks.values()]);
}

/** Times dense and sparse acting for every case x sparsity x batch. */
export async function benchSparseActing(cases: readonly SparseCase[] = SPARSE_CASES, options: { quick?: boolean; sparsities?: readonly number[] } = {}): Promise<SparseActingResult[]> {
  const results: SparseActingResult[] = [];
  const repeats = options.quick ? 50 : 300;
  for (const c of cases) {
    for (const sparsity of options.sparsities ?? SPARSITIES) {
      const net = createQNetwork({ torso: c.torso, width: c.width, observationShape: c.shape, numActions: c.actions, seed: 0, inputScale: 1 });
      try {
        prune(net.parameters(), sparsity);
        const sparse = new SparseInferenceNetwork(net, { threshold: 0, maxBatch: 64 });
        const start = performance.now();
        sparse.refresh();
        const buildMs = performance.now() - start;
        const measuredSparsity = sparse.stats().sparsity ?? 0;
        const rng = Rng.fromSeed(1).split('obs');
        const frame = c.shape[0] * c.shape[1] * c.shape[2];
        for (const batch of c.batches) {
          const grids = Uint8Array.from({ length: batch * frame }, () => (rng.uniform() < 0.1 ? 1 : 0));
          const act = (network: { apply(x: tf.Tensor): tf.Tensor }) => (): Int32Array =>
            tf.tidy(() => tf.argMax(network.apply(tf.tensor(Float32Array.from(grids), [batch, ...c.shape])), 1).dataSync() as Int32Array);
          const diff = tf.tidy(() => {
            const x = tf.tensor(Float32Array.from(grids), [batch, ...c.shape]);
            return tf.max(tf.abs(tf.sub(net.apply(x), sparse.apply(x)))).dataSync()[0]!;
          });
          const n = Math.max(20, Math.round(repeats / batch));
          const dense = await time(act(net), n, 10);
          const fast = await time(act(sparse), n, 10);
          results.push({
            name: `${c.torso} w${c.width} ${c.shape.join('x')}`,
            sparsity,
            measuredSparsity,
            batch,
            dense,
            sparse: fast,
            buildMs,
            defaultPath: measuredSparsity >= 0.8 ? 'sparse' : 'dense',
            maxAbsDiff: diff,
          });
        }
      } finally {
        net.dispose();
      }
    }
  }
  return results;
}

async function main(): Promise<void> {
  const info = await initBackend({ name: 'wasm' });
  const rows = await benchSparseActing(SPARSE_CASES, { quick: process.argv.includes('--quick') });
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ backend: describeBackend(info), rows }, null, 2));
    return;
  }
  console.log(`Greedy acting, dense tfjs path vs sparse inference, ${describeBackend(info)} (median [min-max] ms)\n`);
  console.log('| network | sparsity | batch | dense path | sparse path | speed-up | build ms | default path | max abs diff |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|---:|');
  const cell = (t: TimingSummary): string => `${ms(t.median)} [${ms(t.min)}-${ms(t.max)}]`;
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${(r.measuredSparsity * 100).toFixed(1)}% | ${r.batch} | ${cell(r.dense)} | ${cell(r.sparse)} | ${(r.dense.median / r.sparse.median).toFixed(2)} | ${ms(r.buildMs)} | ${r.defaultPath} | ${r.maxAbsDiff.toExponential(1)} |`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
