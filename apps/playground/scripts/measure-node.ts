/**
 * The browser test's training run (DQN + GMP 90% on MinAtar Breakout, 3 iterations of 1,500 steps,
 * seed 0), in Node with the same worker code (`TrainingSession`) on the same wasm backend, for the
 * README's browser-vs-Node steps/s: `npx tsx --conditions=@prunerl/source scripts/measure-node.ts`.
 */
import { describeBackend, initBackend } from '@prunerl/backend';
import type { ProgressView } from '../src/protocol';
import { BROWSER_TEST_SETTINGS } from '../src/testing/browser-test-settings';
import { TrainingSession } from '../src/worker/training-session';

const backend = describeBackend(await initBackend({ name: 'wasm' }));
let last: ProgressView | undefined;
const session = new TrainingSession(BROWSER_TEST_SETTINGS, (message) => {
  if (message.type === 'progress') last = message.progress;
});
const started = performance.now();
session.resume();
while (last?.state !== 'complete') await new Promise((resolve) => setTimeout(resolve, 100));
const seconds = (performance.now() - started) / 1000;
console.log(`Node ${process.versions.node}, ${backend}: ${last.totalSteps} steps, ${last.updates} updates in ${seconds.toFixed(1)} s; mean ${last.meanStepsPerSecond.toFixed(0)} env steps/s; sparsity ${((last.sparsity ?? 0) * 100).toFixed(1)}%`);
await session.dispose();
