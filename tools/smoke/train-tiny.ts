/**
 * Smoke run of the training stack: starts the default wasm backend (with prunerl's training kernels),
 * then fits a tiny conv net to a fixed synthetic regression target with Adam and prints the loss
 * curve. Exits non-zero if the loss does not fall by at least 10x. Stands in for the README's main job
 * until the pruned-vs-dense MinAtar run of the agents/CLI lands.
 */
import { describeBackend, initBackend } from '@prunerl/backend';
import { Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

async function main(): Promise<void> {
  const info = await initBackend({ name: 'wasm' });
  console.log(`backend: ${describeBackend(info)}; kernels added for training: ${info.addedKernels.join(', ')}`);
  const rng = Rng.fromSeed(0);
  const data = rng.split('data');
  const init = rng.split('init');
  const x = tf.tensor4d(data.fillNormal(new Float32Array(64 * 8 * 8 * 2)), [64, 8, 8, 2]);
  const y = tf.tensor2d(data.fillNormal(new Float32Array(64 * 3)), [64, 3]);
  const conv = tf.variable(tf.tensor4d(init.fillNormal(new Float32Array(3 * 3 * 2 * 8), 0, 0.3), [3, 3, 2, 8]));
  const dense = tf.variable(tf.tensor2d(init.fillNormal(new Float32Array(4 * 4 * 8 * 3), 0, 0.1), [4 * 4 * 8, 3]));
  const optimizer = tf.train.adam(0.01);
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const h = tf.relu(tf.conv2d(x, conv as tf.Variable<tf.Rank.R4>, 2, 'same'));
      const q = tf.matMul(tf.reshape(h, [64, -1]) as tf.Tensor2D, dense as tf.Variable<tf.Rank.R2>);
      return tf.losses.huberLoss(y, q) as tf.Scalar;
    });
  const first = loss().dataSync()[0]!;
  const start = performance.now();
  const steps = 300;
  for (let step = 1; step <= steps; step++) {
    const value = optimizer.minimize(loss, true, [conv, dense]);
    if (step % 50 === 0) console.log(`step ${String(step).padStart(3)}  loss ${value!.dataSync()[0]!.toFixed(5)}`);
    value?.dispose();
  }
  const last = loss().dataSync()[0]!;
  const perStep = (performance.now() - start) / steps;
  console.log(`loss ${first.toFixed(4)} -> ${last.toFixed(4)} in ${steps} Adam steps (${perStep.toFixed(2)} ms/step)`);
  if (!(last < first / 10)) {
    console.error('the loss did not fall by 10x: the training stack is broken');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
