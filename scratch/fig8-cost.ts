import { resolveExperimentConfig, trainRun } from '@prunerl/runner';
import { rmSync } from 'node:fs';
const out = '/tmp/h3-fig8cost';
rmSync(out, { recursive: true, force: true });
let t = performance.now();
const b = await trainRun({ config: resolveExperimentConfig({ name: 'behaviour', environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'dqn', options: { epsilonDecayPeriod: 100000 } }, budget: { iterations: 1, stepsPerIteration: 20000 }, logging: { replay: true }, outputDir: out }), seed: 0 });
console.log(`behaviour 20k steps: ${((performance.now() - t) / 1000).toFixed(1)} s`);
for (const agent of ['cql', 'cql-c51']) for (const width of [1, 3]) {
  t = performance.now();
  await trainRun({ config: resolveExperimentConfig({ name: `${agent}-w${width}`, environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: agent }, network: { width }, pruner: { name: 'gmp', options: { sparsity: 0.95 } }, offline: { datasets: [{ path: b.directory }] }, budget: { iterations: 1, stepsPerIteration: 1000 }, evaluation: { episodes: 10 }, outputDir: out }), seed: 0 });
  console.log(`${agent} w${width}: ${((performance.now() - t) / 1000).toFixed(1)} s for 1,000 gradient steps + 10 eval episodes`);
}
