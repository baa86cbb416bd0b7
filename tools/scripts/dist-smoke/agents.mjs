// The built @prunerl/agents must resolve and train an agent from an inversify container in both
// formats, with no decorator metadata (every binding is explicit). Networks and replay are minimal
// inline stand-ins so that this checks only the agents package's dist.
import { createRequire } from 'node:module';
import { initBackend } from '@prunerl/backend';
import * as tf from '@tensorflow/tfjs-core';
import { Container } from 'inversify';

const require = createRequire(import.meta.url);
await initBackend({ name: 'cpu' });
const core = await import('@prunerl/core');

let created = 0;
function linearNetwork(spec) {
  const id = created++;
  const kernel = tf.variable(tf.randomNormal([2, 2], 0, 0.1, 'float32', spec.seed + id), true, `smoke/${id}/kernel`);
  const bias = tf.variable(tf.zeros([2]), true, `smoke/${id}/bias`);
  const params = [
    { name: 'kernel', variable: kernel, role: 'kernel', layer: 'dense' },
    { name: 'bias', variable: bias, role: 'bias', layer: 'dense' },
  ];
  return {
    observationShape: [2],
    numActions: 2,
    head: { kind: 'q' },
    apply: (x) => tf.tidy(() => tf.add(tf.matMul(x, kernel), bias)),
    parameters: () => params,
    copyFrom: (other) => other.parameters().forEach((p, i) => params[i].variable.assign(p.variable)),
    activations: () => new Map(),
    countParameters: () => 6,
    dispose: () => params.forEach((p) => p.variable.dispose()),
  };
}

/** A quantile stand-in: Z(s, a, tau) = (s W + b)_a + tau, `[B, N, A]` at `options.taus` `[B, N]`. */
function quantileNetwork(spec) {
  const linear = linearNetwork(spec);
  return {
    ...linear,
    head: { kind: 'quantile' },
    apply: (x, options) => tf.tidy(() => tf.add(tf.expandDims(linear.apply(x), 1), tf.expandDims(options.taus, 2))),
  };
}

function tinyReplay() {
  const items = [];
  return {
    capacity: 1000,
    prioritized: false,
    get size() {
      return items.length;
    },
    add: (t) => items.push(t),
    canSample: (n) => items.length >= n,
    sample(n, rng) {
      const picked = Array.from({ length: n }, () => items[rng.uniformInt(0, items.length)]);
      return {
        batchSize: n,
        observationShape: [2],
        observationDtype: 'float32',
        observations: Float32Array.from(picked.flatMap((t) => [...t.observation])),
        nextObservations: Float32Array.from(picked.flatMap((t) => [...t.nextObservation])),
        actions: Int32Array.from(picked.map((t) => t.action)),
        rewards: Float32Array.from(picked.map((t) => t.reward)),
        discounts: Float32Array.from(picked.map((t) => (t.terminated ? 0 : 0.9))),
        indices: new Int32Array(n),
        weights: new Float32Array(n).fill(1),
        probabilities: new Float32Array(n).fill(1 / items.length),
      };
    },
    updatePriorities() {},
    async *state() {},
    async restore() {},
  };
}

const esm = await import('@prunerl/agents');
const cjs = require('@prunerl/agents');
// The registry lives on globalThis, so whichever format registers `dqn` first serves both.
const DQN = [esm.DQNAgent, cjs.DQNAgent];
for (const [format, inversify] of [
  ['esm', await import('@prunerl/agents/inversify')],
  ['cjs', require('@prunerl/agents/inversify')],
]) {
  const container = new Container();
  container.bind(core.TOKENS.NetworkFactory).toConstantValue({ head: { kind: 'q' }, create: linearNetwork });
  container.bind(core.TOKENS.ReplayBuffer).toConstantValue(tinyReplay());
  container.loadSync(
    inversify.agentsModule({
      agent: 'dqn',
      numActions: 2,
      observationShape: [2],
      options: { batchSize: 4, minReplayHistory: 8, updatePeriod: 1, targetUpdatePeriod: 5, seed: 3 },
      optimizer: { kind: 'adam', learningRate: 1e-2 },
    }),
  );
  const agent = container.get(core.TOKENS.Agent);
  if (!DQN.some((C) => agent instanceof C)) throw new Error(`${format}: the container did not build a DQNAgent`);
  for (let i = 0; i < 20; i++) {
    const observation = Float32Array.from([Math.sin(i), Math.cos(i)]);
    const action = agent.act(observation, 'train');
    agent.observe({ observation, action, reward: 1, nextObservation: observation, terminated: false, truncated: false });
  }
  if (agent.updates !== 12) throw new Error(`${format}: expected 12 updates, got ${agent.updates}`);
  agent.dispose();
}

// IQN by registry name, and DrQ(epsilon) with an augmentation bound to its core token (pad 0: the
// stand-in's observations are vectors), in both formats.
for (const [format, inversify, agents] of [
  ['esm', await import('@prunerl/agents/inversify'), esm],
  ['cjs', require('@prunerl/agents/inversify'), cjs],
]) {
  for (const [name, head, create] of [
    ['iqn', 'quantile', quantileNetwork],
    ['drq-eps', 'dueling', (spec) => ({ ...linearNetwork(spec), head: { kind: 'dueling' } })],
  ]) {
    const container = new Container();
    container.bind(core.TOKENS.NetworkFactory).toConstantValue({ head: { kind: head }, create });
    container.bind(core.TOKENS.ReplayBuffer).toConstantValue(tinyReplay());
    const augmentation = new agents.DrQAugmentation({ pad: 0, intensityScale: 0.05 });
    if (name === 'drq-eps') container.bind(core.TOKENS.Augmentation).toConstantValue(augmentation);
    container.loadSync(
      inversify.agentsModule({
        agent: name,
        numActions: 2,
        observationShape: [2],
        options: { batchSize: 4, minReplayHistory: 8, updatePeriod: 1, targetUpdatePeriod: 5, seed: 3, ...(name === 'iqn' ? { numTauSamples: 4, numTauPrimeSamples: 4, numQuantileSamples: 2 } : {}) },
        optimizer: { kind: 'adam', learningRate: 1e-2 },
      }),
    );
    const agent = container.get(core.TOKENS.Agent);
    if (name === 'iqn' && agent.kind !== 'iqn') throw new Error(`${format}: the container did not build an IQNAgent`);
    if (name === 'drq-eps' && (agent.kind !== 'dqn' || agent.augmentation !== augmentation || agent.double !== true)) {
      throw new Error(`${format}: the container did not build DrQ(epsilon) with the bound augmentation`);
    }
    for (let i = 0; i < 20; i++) {
      const observation = Float32Array.from([Math.sin(i), Math.cos(i)]);
      const action = agent.act(observation, 'train');
      agent.observe({ observation, action, reward: 1, nextObservation: observation, terminated: false, truncated: false });
    }
    if (agent.updates !== 12 || !Number.isFinite(agent.loss)) throw new Error(`${format} ${name}: expected 12 finite updates, got ${agent.updates} (${agent.loss})`);
    agent.dispose();
  }
}
