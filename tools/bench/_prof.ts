import { initBackend } from '@prunerl/backend';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { prepareBenchAgent } from './agents';
async function main() {
  await initBackend({ name: 'wasm' });
  const { agent } = prepareBenchAgent({ name: 'x', preset: 'minatar', agent: 'dqn', torso: 'impala', width: 3, observationShape: [10, 10, 4], numActions: 6,
    hooks: () => [new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })] });
  for (let i = 0; i < 20; i++) agent.update();
  const t = performance.now();
  for (let i = 0; i < 300; i++) agent.update();
  console.log(((performance.now() - t) / 300).toFixed(2), 'ms/update');
}
void main();
