import { initBackend } from '@prunerl/backend';
import { CQLAgent, CQLC51Agent, AdamOptimizer } from '@prunerl/agents';
import { QNetworkFactory } from '@prunerl/networks';
import { FixedReplayBuffer, assembleDataset, ShardBuilder } from '@prunerl/replay';
import { Rng } from '@prunerl/core';
await initBackend({ name: 'wasm' });
const spec = { environment: 'x', observationShape: [10, 10, 4], observationDtype: 'uint8' as const, numActions: 6 };
const b = new ShardBuilder(spec);
const rng = Rng.fromSeed(0);
for (let i = 0; i < 2000; i++) {
  const o = Uint8Array.from({ length: 400 }, () => (rng.uniform() < 0.1 ? 1 : 0));
  const n = Uint8Array.from({ length: 400 }, () => (rng.uniform() < 0.1 ? 1 : 0));
  b.append({ observation: o, action: i % 6, reward: 0, nextObservation: n, terminated: i % 50 === 49, truncated: false }, 0.1);
}
const columns = b.take();
const dataset = assembleDataset(spec, [{ manifest: { shards: [{ crc32: 0, firstTransition: 0 }] } as never, slices: [{ shard: 0, start: 0, end: columns.count, columns }] }]);
for (const torso of (process.argv[2] ?? 'minatar-cnn,impala').split(',')) for (const width of [1, 3]) for (const kind of ['cql', 'cql-c51']) {
  const replay = new FixedReplayBuffer({ dataset, observationShape: [10, 10, 4], observationDtype: 'uint8', nStep: kind === 'cql' ? 1 : 3 });
  const head = kind === 'cql' ? { head: 'q' as const } : { head: 'c51' as const, numAtoms: 51, vMin: -100, vMax: 100, dueling: true };
  const common = { networkFactory: new QNetworkFactory({ torso: torso as 'impala', width, inputScale: 1, ...head }), replay, optimizer: new AdamOptimizer({ learningRate: 1e-4 }), numActions: 6, observationShape: [10, 10, 4], minReplayHistory: 0, seed: 0 };
  const agent = kind === 'cql' ? new CQLAgent(common) : new CQLC51Agent(common);
  for (let i = 0; i < 20; i++) agent.trainStep();
  const t = performance.now();
  const n = width === 1 ? 200 : 60;
  for (let i = 0; i < n; i++) agent.trainStep();
  console.log(`${torso} w${width} ${kind}: ${((performance.now() - t) / n).toFixed(2)} ms/step`);
  agent.dispose();
}
