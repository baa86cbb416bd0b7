// Loads the built @prunerl/networks (and its ./inversify entry) in both module formats, resolves a
// NetworkFactory from a container with no decorator metadata, builds an Impala C51 network and runs
// one Adam step, so a broken bundle or a lost export fails here.
import { createRequire } from 'node:module';
import { initBackend } from '@prunerl/backend';
import * as tf from '@tensorflow/tfjs-core';
import { Container } from 'inversify';

const require = createRequire(import.meta.url);
await initBackend({ name: 'wasm' });
const core = await import('@prunerl/core');

for (const [format, networks, inversify] of [
  ['esm', await import('@prunerl/networks'), await import('@prunerl/networks/inversify')],
  ['cjs', require('@prunerl/networks'), require('@prunerl/networks/inversify')],
]) {
  const container = new Container();
  await container.load(inversify.networksModule({ network: 'impala', options: { head: 'c51', numAtoms: 5, width: 0.25, denseUnits: 16 } }));
  const factory = container.get(core.TOKENS.NetworkFactory);
  const net = factory.create({ observationShape: [12, 12, 2], numActions: 3, seed: 0, scope: `smoke-${format}` });
  const x = tf.ones([2, 12, 12, 2]);
  const optimizer = tf.train.adam(1e-2, 0.9, 0.999, 1.5e-4);
  const loss = () => tf.mean(tf.square(tf.sub(net.apply(x), 1)));
  const before = tf.tidy(() => loss().dataSync()[0]);
  for (let i = 0; i < 3; i++) tf.tidy(() => optimizer.minimize(loss, false, net.parameters().map((p) => p.variable)));
  const after = tf.tidy(() => loss().dataSync()[0]);
  if (!(after < before)) throw new Error(`${format}: training did not reduce the loss (${before} -> ${after})`);
  const copy = networks.createQNetwork({ torso: 'impala', head: 'c51', numAtoms: 5, width: 0.25, denseUnits: 16, observationShape: [12, 12, 2], numActions: 3, seed: 1 });
  copy.loadWeights(net.saveWeights());
  console.log(`${format}: ${net.countParameters()} parameters, head ${factory.head.kind} (${factory.head.numAtoms} atoms), loss ${before.toFixed(3)} -> ${after.toFixed(3)}`);
  optimizer.dispose();
  tf.dispose(x);
  net.dispose();
  copy.dispose();
}
