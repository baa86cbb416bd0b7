/**
 * Costs of pruning on the wasm backend, for networks of about 100k, 2M and 12M prunable weights:
 *
 * - mask recomputation (what a pruner does on a mask-update step, every 1,000 updates by default):
 *   magnitude scores + per-layer top-k with the ERK distribution (the paper's setting), with the
 *   uniform distribution, with one global threshold, and with random scores; plus the ERK
 *   allocation itself and a RigL mask update (drop + grow);
 * - the per-update overhead: `afterUpdate` (multiply every sparse kernel by its mask) and, for
 *   pruners that mask gradients, `transformGradients`.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/pruning.ts          # table
 *   npx tsx --conditions=@prunerl/source tools/bench/pruning.ts --json   # machine-readable
 *
 * Shapes: a MinAtar-style CNN (99k kernel weights) and the Impala ResNet of the paper at width 1 and
 * 5 (2.09M and 12.34M kernel weights, 84x84x4 input, 18 actions), all kernels prunable.
 */
import { describeBackend, initBackend } from '@prunerl/backend';
import type { NamedGradients, Optimizer, Parameter, UpdateContext } from '@prunerl/core';
import { erkSparsities, GradualMagnitudePruner, RigLPruner, type MaskedPruner } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';
import { ms, time, type TimingSummary } from './stats';

interface Net {
  readonly name: string;
  readonly shapes: ReadonlyArray<readonly [string, readonly number[]]>;
}

function impala(width: number): Net {
  const c = [16, 32, 32].map((x) => x * width);
  const shapes: Array<[string, number[]]> = [];
  let cin = 4;
  c.forEach((cout, s) => {
    shapes.push([`stack${s + 1}/conv/kernel`, [3, 3, cin, cout]], [`stack${s + 1}/conv/bias`, [cout]]);
    for (let r = 1; r <= 4; r++) shapes.push([`stack${s + 1}/res${r}/kernel`, [3, 3, cout, cout]], [`stack${s + 1}/res${r}/bias`, [cout]]);
    cin = cout;
  });
  shapes.push(['dense/kernel', [11 * 11 * cin, 512]], ['dense/bias', [512]], ['head/kernel', [512, 18]], ['head/bias', [18]]);
  return { name: `Impala ResNet w=${width}`, shapes };
}

const NETS: Net[] = [
  {
    name: 'MinAtar-style CNN',
    shapes: [
      ['conv/kernel', [3, 3, 4, 16]],
      ['conv/bias', [16]],
      ['dense/kernel', [1024, 96]],
      ['dense/bias', [96]],
      ['head/kernel', [96, 6]],
      ['head/bias', [6]],
    ],
  },
  impala(1),
  impala(5),
];

const noOptimizer: Optimizer = {
  kind: 'none',
  iterations: 0,
  apply: () => undefined,
  resetSlots: () => undefined,
  state: () => ({ kind: 'none', iterations: 0, slots: {} }),
  restore: () => undefined,
  dispose: () => undefined,
};

function build(net: Net): Parameter[] {
  return net.shapes.map(([name, shape]) => ({
    name,
    role: shape.length > 1 ? 'kernel' : 'bias',
    layer: name.slice(0, name.lastIndexOf('/')),
    variable: tf.tidy(() => tf.variable(tf.randomNormal([...shape], 0, 0.05, 'float32', 7))),
  }));
}

function context(parameters: Parameter[], step: number): UpdateContext {
  return { step, trainingFraction: undefined, totalUpdates: undefined, parameters, network: undefined as never, optimizer: noOptimizer };
}

interface Row {
  readonly network: string;
  readonly prunable: number;
  readonly operation: string;
  readonly timing: TimingSummary;
}

async function benchNet(net: Net, repeats: number): Promise<Row[]> {
  const before = tf.memory().numTensors;
  const parameters = build(net);
  const prunable = parameters.filter((p) => p.variable.rank > 1);
  const size = prunable.reduce((a, p) => a + p.variable.size, 0);
  const rows: Row[] = [];
  const add = (operation: string, timing: TimingSummary): void => void rows.push({ network: net.name, prunable: size, operation, timing });

  add('ERK allocation (JS)', await time(() => erkSparsities(prunable.map((p) => ({ name: p.name, shape: p.variable.shape })), 0.95), repeats * 10));

  // A pruner whose every beforeUpdate at step 0 is a mask update (start = end = 0).
  const recompute = async (label: string, pruner: MaskedPruner): Promise<void> => {
    pruner.beforeUpdate(context(parameters, 0)); // initialise (select, allocate, ones masks)
    add(label, await time(() => pruner.beforeUpdate(context(parameters, 0)), repeats, 1));
  };
  const gmp = (distribution: 'erk' | 'uniform' | 'global', criterion: 'magnitude' | 'random' = 'magnitude', sparsity = 0.95): GradualMagnitudePruner =>
    new GradualMagnitudePruner({ sparsity, startStep: 0, endStep: 0, distribution, criterion });

  const erk = gmp('erk');
  await recompute('mask update: magnitude, ERK, 95%', erk);
  const erk50 = gmp('erk', 'magnitude', 0.5);
  await recompute('mask update: magnitude, ERK, 50%', erk50);
  erk50.dispose();
  const uniform = gmp('uniform');
  await recompute('mask update: magnitude, uniform, 95%', uniform);
  uniform.dispose();
  const global = gmp('global');
  await recompute('mask update: magnitude, global, 95%', global);
  global.dispose();
  const random = gmp('erk', 'random');
  await recompute('mask update: random, ERK, 95%', random);
  random.dispose();

  // Per-update overhead with the 95% ERK masks in place.
  erk.afterUpdate(context(parameters, 1));
  add('per update: afterUpdate (apply masks)', await time(() => erk.afterUpdate(context(parameters, 1)), repeats * 5));
  const dense = new GradualMagnitudePruner({ startStep: 1_000_000, endStep: 2_000_000 });
  dense.afterUpdate(context(parameters, 1));
  add('per update: afterUpdate before pruning starts', await time(() => dense.afterUpdate(context(parameters, 1)), repeats * 5));
  dense.dispose();
  const sparseGrads = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 0, sparseGradients: true });
  sparseGrads.beforeUpdate(context(parameters, 0));
  const gradients: NamedGradients = new Map(parameters.map((p) => [p.name, tf.onesLike(p.variable)]));
  add(
    'per update: transformGradients (mask grads)',
    await time(() => {
      const out = sparseGrads.transformGradients(gradients, context(parameters, 1));
      for (const [name, g] of out) if (g !== gradients.get(name)) g.dispose();
    }, repeats * 5),
  );
  sparseGrads.dispose();

  // RigL: drop by |w|, grow by |grad|, reset moments (update step every call: step 0 with start 0).
  const rigl = new RigLPruner({ sparsity: 0.95, startStep: 0, endStep: 10, updateFrequency: 1, skipGradients: true, seed: 1 });
  rigl.transformGradients(gradients, context(parameters, 1));
  add('mask update: RigL drop + grow, ERK, 95%', await time(() => rigl.transformGradients(gradients, context(parameters, 1)), repeats, 1));
  rigl.dispose();
  tf.dispose([...gradients.values()]);
  erk.dispose();

  for (const p of parameters) p.variable.dispose();
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${net.name}: ${leaked} tensors leaked`);
  return rows;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const info = await initBackend({ name: 'wasm' });
  const rows: Row[] = [];
  for (const [i, net] of NETS.entries()) rows.push(...(await benchNet(net, [20, 10, 5][i]!)));
  if (json) {
    console.log(JSON.stringify({ benchmark: 'pruning', backend: describeBackend(info), rows }, null, 2));
    return;
  }
  console.log(`Pruning costs on ${describeBackend(info)} (median [min-max] ms)`);
  console.log('network'.padEnd(22), 'prunable'.padStart(10), '  ', 'operation'.padEnd(46), 'ms');
  for (const r of rows) {
    const t = r.timing;
    console.log(r.network.padEnd(22), r.prunable.toLocaleString('en-US').padStart(10), '  ', r.operation.padEnd(46), `${ms(t.median)} [${ms(t.min)}-${ms(t.max)}]`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
