// The built @prunerl/replay in both formats: same registry, same samples, and the node and
// inversify entries work from dist (no source condition).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/replay');
const cjs = require('@prunerl/replay');
const core = await import('@prunerl/core');
const { saveReplayBuffer, loadReplayBuffer } = await import('@prunerl/replay/node');
const { replayModule } = await import('@prunerl/replay/inversify');
const { Container } = await import('inversify');

esm.registerReplayBuffers();
if (!cjs.registerReplayBuffers().includes('prioritized') || !core.replayBuffers.has('uniform')) throw new Error('replay buffers not registered');

const options = { capacity: 64, observationShape: [2, 2, 4], observationDtype: 'uint8', frameStack: 4, nStep: 3 };
const fill = (buffer) => {
  for (let t = 0; t < 50; t++) {
    const frame = (k) => Math.max(0, t + k - 3 + 1);
    const stack = (shift) => Uint8Array.from({ length: 16 }, (_, i) => frame((i % 4) + shift));
    buffer.add({ observation: stack(0), action: t % 3, reward: 1, nextObservation: stack(1), terminated: false, truncated: false });
  }
  return buffer;
};
const a = fill(new esm.PrioritizedReplayBuffer(options)).sample(8, core.Rng.fromSeed(1));
const original = fill(new cjs.PrioritizedReplayBuffer(options));
const b = original.sample(8, core.Rng.fromSeed(1));
if (a.indices.join() !== b.indices.join() || a.observations.join() !== b.observations.join()) throw new Error('ESM and CJS builds sample differently');

const dir = mkdtempSync(join(tmpdir(), 'prunerl-replay-smoke-'));
try {
  await saveReplayBuffer(original, join(dir, 'replay.bin'));
  const copy = new esm.PrioritizedReplayBuffer(options);
  await loadReplayBuffer(copy, join(dir, 'replay.bin'));
  if (copy.sample(8, core.Rng.fromSeed(1)).indices.join() !== b.indices.join()) throw new Error('a buffer loaded from a file samples differently');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const container = new Container();
await container.load(replayModule({ buffer: 'prioritized', options: { capacity: 100 }, observationShape: [4], observationDtype: 'float32' }));
const replay = container.get(core.TOKENS.ReplayBuffer);
if (!replay.prioritized || replay.capacity !== 100) throw new Error('replayModule did not bind a prioritized buffer');
