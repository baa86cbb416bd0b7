// The built @prunerl/runner, in both formats: resolves a config, builds the parts through the
// inversify container (no decorator metadata in the builds) and by registry names, trains a few
// hundred steps, and finds its sweep worker script and its presets next to the bundle.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/runner');
const cjs = require('@prunerl/runner');

for (const [format, runner] of [['esm', esm], ['cjs', cjs]]) {
  for (const composition of ['container', 'registry']) {
    const config = runner.resolveExperimentConfig({
      environment: { id: 'MinAtar/Breakout-v1' },
      agent: { name: 'dqn', options: { minReplayHistory: 50, batchSize: 8 } },
      network: { options: { denseUnits: 8 } },
      replay: { capacity: 500 },
      pruner: { name: 'gmp', options: { sparsity: 0.5, updateFrequency: 10 } },
      budget: { iterations: 1, stepsPerIteration: 150 },
      composition,
    });
    const { initBackend } = await import('@prunerl/backend');
    await initBackend({ name: 'wasm' });
    const parts = await runner.buildExperiment(config, 0);
    const outcome = await new runner.ExperimentLoop(parts, { seed: 0, iterations: 1, stepsPerIteration: 150 }).run();
    const sparsity = parts.pruner.sparsity().overall;
    parts.dispose();
    if (outcome.status !== 'complete' || !(Math.abs(sparsity - 0.5) < 0.01)) {
      throw new Error(`${format} ${composition}: ${outcome.status}, sparsity ${sparsity}`);
    }
  }
  const { script } = runner.workerLaunch();
  if (!script.endsWith('.js') && !script.endsWith('.cjs')) throw new Error(`${format}: the sweep worker should be the built script, got ${script}`);
  if (!existsSync(script)) throw new Error(`${format}: missing ${script}`);
  if (!runner.listSweepPresets().includes('quickstart')) throw new Error(`${format}: presets not found`);
}
console.log('runner dist ok');
