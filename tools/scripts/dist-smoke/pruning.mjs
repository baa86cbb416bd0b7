// The built @prunerl/pruning in both formats: one registry, identical masks, and the inversify entry
// resolves the pruner as an UpdateHook from dist (no source condition, no decorator metadata).
import { createRequire } from 'node:module';
import 'reflect-metadata';
import { initBackend } from '@prunerl/backend';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);
await initBackend({ name: 'wasm' });
const esm = await import('@prunerl/pruning');
const cjs = require('@prunerl/pruning');
const core = await import('@prunerl/core');
const { pruningModule } = await import('@prunerl/pruning/inversify');
const { Container } = await import('inversify');

esm.registerPruners();
if (!cjs.registerPruners().includes('rigl') || !core.pruners.has('gmp')) throw new Error('pruners not registered');

const parameters = () => [
  { name: 'dense/kernel', role: 'kernel', layer: 'dense', variable: tf.variable(tf.randomNormal([20, 10], 0, 1, 'float32', 1)) },
  { name: 'dense/bias', role: 'bias', layer: 'dense', variable: tf.variable(tf.zeros([10])) },
];
const run = (pruner, params) => {
  const optimizer = { kind: 'sgd', iterations: 0, apply: () => undefined, resetSlots: () => undefined, state: () => ({}), restore: () => undefined, dispose: () => undefined };
  for (let step = 0; step < 3; step++) {
    const context = { step, trainingFraction: undefined, totalUpdates: 10, parameters: params, network: undefined, optimizer };
    pruner.beforeUpdate(context);
    pruner.afterUpdate({ ...context, step: step + 1 });
  }
  return Array.from(pruner.masks().get('dense/kernel').dataSync());
};
const options = { sparsity: 0.9, startStep: 0, endStep: 2, updateFrequency: 1 };
const a = run(new esm.GradualMagnitudePruner(options), parameters());
const b = run(new cjs.GradualMagnitudePruner(options), parameters());
if (a.join() !== b.join() || a.reduce((s, v) => s + v, 0) !== 20) throw new Error(`masks differ between formats or miss the target: ${a.reduce((s, v) => s + v, 0)} kept`);

const container = new Container();
container.bind(core.TOKENS.TotalUpdates).toConstantValue(100);
await container.load(pruningModule({ pruner: 'gmp', options: { sparsity: 0.5 } }));
const hooks = container.getAll(core.TOKENS.UpdateHook);
if (hooks.length !== 1 || hooks[0] !== container.get(core.TOKENS.Pruner) || hooks[0].name !== 'gmp') throw new Error('pruningModule did not bind the pruner as an UpdateHook');
console.log('pruning dist: esm and cjs masks agree (20 of 200 kept), container resolves gmp as an UpdateHook');
