// The built @prunerl/plasticity in both formats: one registry, identical updates, and the inversify
// entry resolves the hooks as UpdateHooks from dist (no source condition, no decorator metadata).
import { createRequire } from 'node:module';
import 'reflect-metadata';
import { initBackend } from '@prunerl/backend';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);
await initBackend({ name: 'wasm' });
const esm = await import('@prunerl/plasticity');
const cjs = require('@prunerl/plasticity');
const core = await import('@prunerl/core');
const { plasticityModule } = await import('@prunerl/plasticity/inversify');
const { Container } = await import('inversify');

esm.registerPlasticityHooks();
if (cjs.registerPlasticityHooks().join() !== 'redo,reset,weight-decay' || !core.updateHooks.has('redo')) throw new Error('hooks not registered');

const parameters = () => [
  { name: 'dense/kernel', role: 'kernel', layer: 'dense', variable: tf.variable(tf.randomNormal([20, 10], 0, 1, 'float32', 1)) },
  { name: 'dense/bias', role: 'bias', layer: 'dense', variable: tf.variable(tf.zeros([10])) },
  { name: 'head/kernel', role: 'kernel', layer: 'head', variable: tf.variable(tf.randomNormal([10, 3], 0, 1, 'float32', 2)) },
  { name: 'head/bias', role: 'bias', layer: 'head', variable: tf.variable(tf.zeros([3])) },
];
const reset = [];
const optimizer = { kind: 'sgd', learningRate: 0.1, iterations: 0, apply: () => undefined, resetSlots: (name) => reset.push(name), state: () => ({}), restore: () => undefined, dispose: () => undefined };
const run = (pkg, params) => {
  const hooks = [new pkg.WeightDecay({ weightDecay: 0.5, mode: 'decoupled' }), new pkg.LayerReset({ resetPeriod: 2, seed: 3 })];
  for (let step = 0; step < 3; step++) {
    const context = { step, trainingFraction: undefined, totalUpdates: 10, parameters: params, network: undefined, optimizer };
    const gradients = new Map(params.map((p) => [p.name, tf.zerosLike(p.variable)]));
    for (const hook of hooks) hook.transformGradients?.(gradients, context);
    tf.dispose([...gradients.values()]);
    for (const hook of hooks) hook.afterUpdate({ ...context, step: step + 1 });
  }
  return params.flatMap((p) => Array.from(p.variable.dataSync()));
};
const a = run(esm, parameters());
const b = run(cjs, parameters());
if (a.join() !== b.join()) throw new Error('weights differ between formats');
if (reset.join() !== 'head/kernel,head/bias,head/kernel,head/bias') throw new Error(`the reset did not zero the head's moments once per format: ${reset.join()}`);

const container = new Container();
container.bind(core.TOKENS.Rng).toConstantValue(core.Rng.fromSeed(0));
await container.load(plasticityModule({ hooks: [{ name: 'weight-decay' }, { name: 'redo', options: { recyclePeriod: 1000 } }, { name: 'reset' }] }));
const hooks = container.getAll(core.TOKENS.UpdateHook);
if (hooks.map((h) => h.name).join() !== 'weight-decay,redo,reset') throw new Error('plasticityModule did not bind the hooks');
console.log('plasticity dist: esm and cjs weight decay and reset agree, container resolves weight-decay, redo, reset as UpdateHooks');
