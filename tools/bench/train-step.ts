/**
 * Times one DQN-style training step (forward, Huber TD loss, backward, Adam) of a small conv net on
 * every available pure-JS backend, and prints ms/step.
 *
 *   npm run bench:step              # table
 *   npm run bench:step -- --json    # machine-readable
 *
 * The network is the MinAtar reference DQN (conv 16 3x3 valid, relu, dense 128, relu, dense A) on a
 * batch of 32 10x10x4 observations; the target network and the TD target are computed as an agent
 * would, so the step exercises every kernel an update needs.
 */
import { initBackend, describeBackend, type BackendName } from '@prunerl/backend';
import { Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ms, time, type TimingSummary } from './stats';

const BATCH = 32;
const SHAPE = [10, 10, 4] as const;
const ACTIONS = 6;
const GAMMA = 0.99;

function glorot(rng: Rng, shape: number[], fanIn: number, fanOut: number): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (2 * rng.uniform() - 1) * limit);
  return tf.variable(tf.tensor(values, shape));
}

interface Net {
  readonly vars: tf.Variable[];
  apply(x: tf.Tensor4D): tf.Tensor2D;
}

function buildNet(seed: number): Net {
  const rng = Rng.fromSeed(seed).split('init');
  const conv = glorot(rng, [3, 3, 4, 16], 3 * 3 * 4, 3 * 3 * 16);
  const convB = tf.variable(tf.zeros([16]));
  const flat = 8 * 8 * 16;
  const d1 = glorot(rng, [flat, 128], flat, 128);
  const d1b = tf.variable(tf.zeros([128]));
  const d2 = glorot(rng, [128, ACTIONS], 128, ACTIONS);
  const d2b = tf.variable(tf.zeros([ACTIONS]));
  return {
    vars: [conv, convB, d1, d1b, d2, d2b],
    apply: (x) => {
      const h = tf.relu(tf.add(tf.conv2d(x, conv as tf.Variable<tf.Rank.R4>, 1, 'valid'), convB));
      const f = tf.reshape(h, [x.shape[0], flat]) as tf.Tensor2D;
      const g = tf.relu(tf.add(tf.matMul(f, d1 as tf.Variable<tf.Rank.R2>), d1b)) as tf.Tensor2D;
      return tf.add(tf.matMul(g, d2 as tf.Variable<tf.Rank.R2>), d2b) as tf.Tensor2D;
    },
  };
}

async function benchBackend(name: BackendName, repeats: number): Promise<{ backend: string; update: TimingSummary; act: TimingSummary }> {
  const info = await initBackend({ name });
  const rng = Rng.fromSeed(0).split('data');
  const obs = Uint8Array.from({ length: BATCH * 400 }, () => (rng.uniform() < 0.1 ? 1 : 0));
  const next = Uint8Array.from({ length: BATCH * 400 }, () => (rng.uniform() < 0.1 ? 1 : 0));
  const actions = Int32Array.from({ length: BATCH }, () => rng.uniformInt(0, ACTIONS));
  const rewards = Float32Array.from({ length: BATCH }, () => rng.uniform());
  const discounts = new Float32Array(BATCH).fill(GAMMA);
  const online = buildNet(1);
  const target = buildNet(2);
  const optimizer = tf.train.adam(6.25e-5, 0.9, 0.999, 1.5e-4);

  const step = (): void => {
    tf.tidy(() => {
      // Building tensors from replay arrays is part of the step's real cost.
      const x = tf.tensor4d(obs, [BATCH, ...SHAPE], 'float32');
      const xn = tf.tensor4d(next, [BATCH, ...SHAPE], 'float32');
      const a = tf.tensor1d(actions, 'int32');
      const tdTarget = tf.add(tf.tensor1d(rewards), tf.mul(tf.tensor1d(discounts), tf.max(target.apply(xn), 1)));
      optimizer.minimize(() => {
        const q = tf.sum(tf.mul(online.apply(x), tf.oneHot(a, ACTIONS)), 1);
        return tf.losses.huberLoss(tdTarget, q) as tf.Scalar;
      }, false, online.vars);
    });
  };
  const single = obs.subarray(0, 400);
  const act = (): number => tf.tidy(() => tf.argMax(online.apply(tf.tensor4d(single, [1, ...SHAPE], 'float32')), 1).dataSync()[0]!);
  step(); // Adam creates its moment tensors on the first update: count leaks after that.
  const before = tf.memory().numTensors;
  const update = await time(step, repeats);
  const acting = await time(act, repeats * 4);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${name}: the training step leaked ${leaked} tensors`);
  optimizer.dispose();
  tf.dispose([...online.vars, ...target.vars]);
  return { backend: describeBackend(info), update, act: acting };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const results = [await benchBackend('wasm', 50), await benchBackend('cpu', 10)];
  if (json) {
    console.log(JSON.stringify({ benchmark: 'train-step', network: 'minatar-cnn w1', batch: BATCH, results }, null, 2));
    return;
  }
  console.log(`DQN training step, MinAtar reference CNN, batch ${BATCH}, input 10x10x4 (median [min-max] ms)`);
  console.log('backend'.padEnd(40), 'update ms'.padEnd(24), 'act ms (batch 1)');
  for (const r of results) {
    const cell = (t: TimingSummary): string => `${ms(t.median)} [${ms(t.min)}-${ms(t.max)}]`;
    console.log(r.backend.padEnd(40), cell(r.update).padEnd(24), cell(r.act));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
