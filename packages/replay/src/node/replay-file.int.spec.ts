import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, StateError } from '@prunerl/core';
import { PrioritizedReplayBuffer } from '../buffers/prioritized-replay-buffer';
import { loadReplayBuffer } from './load-replay-buffer';
import { saveReplayBuffer } from './save-replay-buffer';

const OPTIONS = { capacity: 300, observationShape: [5, 5, 2], observationDtype: 'uint8', frameStack: 2, nStep: 3 } as const;

function filled(steps: number): PrioritizedReplayBuffer {
  const buffer = new PrioritizedReplayBuffer(OPTIONS);
  const stack = (a: number, b: number): Uint8Array => Uint8Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b));
  const frameAt = (t: number): number => (t % 200) + 1;
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    const end = t % 37 === 36;
    buffer.add({ observation: stack(previous, frameAt(t)), action: t % 4, reward: t / 10, nextObservation: stack(frameAt(t), frameAt(t + 1)), terminated: end, truncated: false });
    previous = end ? 0 : frameAt(t);
  }
  return buffer;
}

describe('saveReplayBuffer / loadReplayBuffer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prunerl-replay-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should write a buffer to a file and read it back exactly, leaving no temporary file', async () => {
    const original = filled(500);
    const path = join(dir, 'replay.bin');
    const saved = await saveReplayBuffer(original, path);
    expect(saved.bytes).toBe(readFileSync(path).length);
    expect(readdirSync(dir)).toEqual(['replay.bin']);
    const copy = new PrioritizedReplayBuffer(OPTIONS);
    await loadReplayBuffer(copy, path);
    expect(copy.stats).toEqual(original.stats);
    expect(copy.sample(32, Rng.fromSeed(3))).toEqual(original.sample(32, Rng.fromSeed(3)));
  });

  it('should reject a truncated or missing file with a StateError and leave the buffer unchanged', async () => {
    const path = join(dir, 'replay.bin');
    await saveReplayBuffer(filled(500), path);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    const target = filled(120);
    const before = target.sample(16, Rng.fromSeed(4));
    await expect(loadReplayBuffer(target, path)).rejects.toThrow(StateError);
    await expect(loadReplayBuffer(target, join(dir, 'missing.bin'))).rejects.toThrow('loadReplayBuffer(path): expected a readable replay state file');
    expect(target.sample(16, Rng.fromSeed(4))).toEqual(before);
  });

  it('should keep the previous file when a save fails part-way', async () => {
    const path = join(dir, 'replay.bin');
    await saveReplayBuffer(filled(50), path);
    const previous = readFileSync(path);
    const failing = {
      async *state(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(1000);
        throw new Error('disk full');
      },
    };
    await expect(saveReplayBuffer(failing, path)).rejects.toThrow('disk full');
    expect(readFileSync(path)).toEqual(previous);
    expect(readdirSync(dir)).toEqual(['replay.bin']);
  });
});
