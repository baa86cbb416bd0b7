import { resolveExperimentConfig, trainRun } from '@prunerl/runner';
import { readDataset } from '@prunerl/replay/node';
import { datasetStats } from '@prunerl/replay';
import { rmSync } from 'node:fs';

const out = '/tmp/h3-probe';
const behaviourSteps = Number(process.argv[2] ?? 6000);
const offlineIterations = Number(process.argv[3] ?? 4);
const offlineSteps = Number(process.argv[4] ?? 1000);
const seed = Number(process.argv[5] ?? 0);
const alpha = Number(process.argv[6] ?? 0.1);
const agentsList = (process.argv[7] ?? 'cql,dqn,cql-c51').split(',');
const extra = JSON.parse(process.argv[8] ?? '{}');
const replayExtra = JSON.parse(process.argv[9] ?? '{}');
rmSync(out, { recursive: true, force: true });
const t0 = performance.now();
const behaviour = resolveExperimentConfig({
  name: 'behaviour',
  environment: { id: 'CartPole-v1' },
  agent: { name: 'dqn', options: { epsilonDecayPeriod: 2000, epsilonTrain: 0.1 } },
  budget: { iterations: 1, stepsPerIteration: behaviourSteps },
  evaluation: { episodes: 5 },
  logging: { replay: true, replayShardTransitions: 1000 },
  seeds: [seed],
  outputDir: out,
});
const b = await trainRun({ config: behaviour, seed });
const data = datasetStats(await readDataset(b.directory));
console.log(`behaviour ${((performance.now() - t0) / 1000).toFixed(1)}s: transitions ${data.transitions}, episodes ${data.episodeReturns.length}, mean return ${data.meanReturn.toFixed(1)}, eps ${data.meanEpsilon.toFixed(3)}, final train ${b.metadata.finalReturn}`);
for (const agent of agentsList) {
  const t1 = performance.now();
  const config = resolveExperimentConfig({
    name: `offline-${agent}`,
    environment: { id: 'CartPole-v1' },
    agent: { name: agent, options: { ...(agent === 'cql' ? { cqlCoefficient: alpha } : {}), ...extra } },
    replay: { options: replayExtra },
    offline: { datasets: [{ path: b.directory }] },
    budget: { iterations: offlineIterations, stepsPerIteration: offlineSteps },
    evaluation: { episodes: 10 },
    seeds: [seed],
    outputDir: out,
  });
  const r = await trainRun({ config, seed, onIterationEnd: (s) => console.log(`  ${agent} it ${s.iteration}: eval ${s.evalReturn?.toFixed(1)} loss ${s.loss?.toFixed(3)}`) });
  console.log(`${agent} ${((performance.now() - t1) / 1000).toFixed(1)}s final ${r.metadata.finalReturn}`);
}
