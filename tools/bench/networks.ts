/**
 * Times every @prunerl/networks torso on the wasm backend: a training step (batch 32: forward,
 * squared TD-style loss on Q(s, a), backward, Adam with the paper's epsilon) and an acting step
 * (batch 1: forward and argmax read back), at widths 1, 3 and 5 on MinAtar input (10x10x4) and at
 * width 1 on Atari input (84x84x4) for nature-cnn and impala. Prints medians [min-max] in ms.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/networks.ts            # table
 *   npx tsx --conditions=@prunerl/source tools/bench/networks.ts --json     # machine-readable
 *   npx tsx --conditions=@prunerl/source tools/bench/networks.ts --quick    # fewer repeats
 */
import { describeBackend, initBackend } from '@prunerl/backend';
import { Rng } from '@prunerl/core';
import { createQNetwork, type TorsoName } from '@prunerl/networks';
import * as tf from '@tensorflow/tfjs-core';
import { ms, time, type TimingSummary } from './stats';

const BATCH = 32;

interface Case {
  readonly torso: TorsoName;
  readonly width: number;
  readonly shape: readonly [number, number, number];
  readonly actions: number;
}

interface Result extends Case {
  readonly parameters: number;
  readonly train: TimingSummary;
  readonly act: TimingSummary;
}

const CASES: Case[] = [
  ...(['mlp', 'minatar-cnn', 'nature-cnn', 'impala'] as const).flatMap((torso) => [1, 3, 5].map((width) => ({ torso, width, shape: [10, 10, 4] as const, actions: 6 }))),
  { torso: 'nature-cnn', width: 1, shape: [84, 84, 4], actions: 18 },
  { torso: 'impala', width: 1, shape: [84, 84, 4], actions: 18 },
];

async function bench(c: Case, budgetMs: number): Promise<Result> {
  // MinAtar grids are 0/1 (inputScale 1); Atari frames are 0..255 (scaled by 1/255, as inputScaleOf gives).
  const atari = c.shape[0] === 84;
  const net = createQNetwork({ torso: c.torso, width: c.width, observationShape: c.shape, numActions: c.actions, seed: 0, inputScale: atari ? 1 / 255 : 1 });
  const rng = Rng.fromSeed(1).split('bench');
  const frame = c.shape[0] * c.shape[1] * c.shape[2];
  const obs = Uint8Array.from({ length: BATCH * frame }, () => (atari ? rng.uniformInt(0, 256) : rng.uniform() < 0.1 ? 1 : 0));
  const actions = Int32Array.from({ length: BATCH }, () => rng.uniformInt(0, c.actions));
  const targets = Float32Array.from({ length: BATCH }, () => rng.uniform());
  const variables = net.parameters().map((p) => p.variable);
  const optimizer = tf.train.adam(6.25e-5, 0.9, 0.999, 1.5e-4);

  const train = (): void => {
    tf.tidy(() => {
      // Building the batch tensors from replay-style arrays is part of a real step's cost.
      const x = tf.tensor4d(obs, [BATCH, ...c.shape], 'int32');
      const a = tf.oneHot(tf.tensor1d(actions, 'int32'), c.actions);
      const y = tf.tensor1d(targets);
      optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.sum(tf.mul(net.apply(x), a), 1), y))) as tf.Scalar, false, variables);
    });
  };
  const single = obs.subarray(0, frame);
  const act = (): number => tf.tidy(() => tf.argMax(net.apply(tf.tensor4d(single, [1, ...c.shape], 'int32')), 1).dataSync()[0]!);

  train(); // Adam creates its moments on the first step: count leaks after it.
  const before = tf.memory().numTensors;
  const probe = performance.now();
  train();
  const estimate = Math.max(performance.now() - probe, 0.05);
  const repeats = Math.max(5, Math.min(100, Math.ceil(budgetMs / estimate)));
  const trainTimes = await time(train, repeats, 2);
  const actTimes = await time(act, Math.min(400, repeats * 4), 5);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${c.torso} x${c.width}: leaked ${leaked} tensors`);
  const parameters = net.countParameters();
  optimizer.dispose();
  net.dispose();
  return { ...c, parameters, train: trainTimes, act: actTimes };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const budget = process.argv.includes('--quick') ? 500 : 4000;
  const info = await initBackend({ name: 'wasm' });
  const results: Result[] = [];
  for (const c of CASES) {
    results.push(await bench(c, budget));
    if (!json) process.stderr.write('.');
  }
  if (json) {
    console.log(JSON.stringify({ benchmark: 'networks', backend: describeBackend(info), batch: BATCH, head: 'q', optimizer: 'adam(6.25e-5, eps 1.5e-4)', results }, null, 2));
    return;
  }
  const cell = (t: TimingSummary): string => `${ms(t.median)} [${ms(t.min)}-${ms(t.max)}]`;
  console.log(`\n@prunerl/networks on ${describeBackend(info)}: q head, median [min-max] ms`);
  console.log(`train = batch ${BATCH} forward + loss + backward + Adam; act = batch 1 forward + argmax read back`);
  console.log('torso'.padEnd(13), 'width'.padEnd(6), 'input'.padEnd(9), 'params'.padStart(11), '  ', 'train ms'.padEnd(24), 'act ms'.padEnd(22), 'n');
  for (const r of results) {
    console.log(
      r.torso.padEnd(13),
      String(r.width).padEnd(6),
      r.shape.join('x').padEnd(9),
      r.parameters.toLocaleString('en-US').padStart(11),
      '  ',
      cell(r.train).padEnd(24),
      cell(r.act).padEnd(22),
      r.train.samples,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
