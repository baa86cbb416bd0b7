// Loads the built @prunerl/backend in both module formats and trains a conv layer on wasm with the
// kernels it registers, so a broken bundle (lost side effects, duplicated tfjs-core) fails here.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
for (const [format, backend] of [
  ['esm', await import('@prunerl/backend')],
  ['cjs', require('@prunerl/backend')],
]) {
  const info = await backend.initBackend({ name: 'wasm' });
  const tf = format === 'esm' ? await import('@tensorflow/tfjs-core') : require('@tensorflow/tfjs-core');
  const x = tf.ones([2, 8, 8, 3]);
  const w = tf.variable(tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 1));
  const optimizer = tf.train.adam(0.01);
  const loss = () => tf.mean(tf.square(tf.conv2d(x, w, 2, 'same')));
  const before = loss().dataSync()[0];
  for (let i = 0; i < 5; i++) optimizer.minimize(loss);
  const after = loss().dataSync()[0];
  if (!(after < before)) throw new Error(`${format}: training did not reduce the loss (${before} -> ${after})`);
  console.log(`${format}: ${backend.describeBackend(info)}, loss ${before.toFixed(3)} -> ${after.toFixed(3)}`);
}
