import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_MARKER, CheckpointStore } from './checkpoint-store';

describe(CheckpointStore.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-ckpt-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function* chunks(): AsyncIterable<Uint8Array> {
    yield Uint8Array.from([1, 2, 3]);
    yield Uint8Array.from([4, 5]);
  }

  describe('.write', () => {
    it('should write every file and a marker with sizes and checksums', async () => {
      const store = new CheckpointStore(dir);
      const handle = await store.write(1, [
        { name: 'runner.json', data: '{"a":1}' },
        { name: 'replay.bin', data: chunks() },
      ]);
      expect(handle.marker.files.map((f) => [f.name, f.bytes])).toEqual([
        ['runner.json', 7],
        ['replay.bin', 5],
      ]);
      expect(await readdir(handle.directory)).toEqual(expect.arrayContaining(['runner.json', 'replay.bin', CHECKPOINT_MARKER]));
      expect(Array.from(await store.readFile(handle, 'replay.bin'))).toEqual([1, 2, 3, 4, 5]);
      const streamed: number[] = [];
      for await (const chunk of store.streamFile(handle, 'replay.bin')) streamed.push(...chunk);
      expect(streamed).toEqual([1, 2, 3, 4, 5]);
    });

    it('should keep only the two newest checkpoints', async () => {
      const store = new CheckpointStore(dir);
      for (let i = 1; i <= 4; i++) await store.write(i, [{ name: 'x.bin', data: Uint8Array.from([i]) }]);
      expect(await store.sequences()).toEqual([4, 3]);
      expect((await readdir(dir)).sort()).toEqual(['ckpt-00000003', 'ckpt-00000004']);
    });

    it('should leave no complete checkpoint when interrupted before the marker', async () => {
      const store = new CheckpointStore(dir, {
        afterFileWritten: () => {
          throw new Error('killed');
        },
      });
      await expect(store.write(1, [{ name: 'a.bin', data: Uint8Array.from([1]) }])).rejects.toThrow('killed');
      expect(await store.sequences()).toEqual([]);
      expect((await store.latest()).latest).toBeUndefined();
    });

    it('should refuse reserved and duplicate file names', async () => {
      const store = new CheckpointStore(dir);
      await expect(store.write(1, [{ name: CHECKPOINT_MARKER, data: 'x' }])).rejects.toThrow(/file name/);
      await expect(store.write(1, [{ name: 'a', data: 'x' }, { name: 'a', data: 'y' }])).rejects.toThrow(/file name/);
      await expect(store.write(1, [{ name: '../a', data: 'x' }])).rejects.toThrow(/file name/);
    });
  });

  describe('.latest', () => {
    it('should return the newest valid checkpoint', async () => {
      const store = new CheckpointStore(dir);
      await store.write(1, [{ name: 'a.bin', data: 'one' }]);
      await store.write(2, [{ name: 'a.bin', data: 'two' }]);
      const { latest, rejected } = await store.latest();
      expect(latest?.sequence).toBe(2);
      expect(rejected).toEqual([]);
    });

    it('should fall back to the previous checkpoint when the newest has a flipped byte', async () => {
      const store = new CheckpointStore(dir);
      await store.write(1, [{ name: 'a.bin', data: 'one' }]);
      await store.write(2, [{ name: 'a.bin', data: 'two' }]);
      await writeFile(join(store.pathOf(2), 'a.bin'), 'twx');
      const { latest, rejected } = await store.latest();
      expect(latest?.sequence).toBe(1);
      expect(rejected).toEqual([expect.objectContaining({ sequence: 2, reason: expect.stringMatching(/checksum/) })]);
      expect(new TextDecoder().decode(await store.readFile(latest!, 'a.bin'))).toBe('one');
    });

    it('should fall back when the newest is truncated or has no marker', async () => {
      const store = new CheckpointStore(dir);
      await store.write(1, [{ name: 'a.bin', data: 'one' }]);
      await store.write(2, [{ name: 'a.bin', data: 'two' }]);
      await truncate(join(store.pathOf(2), 'a.bin'), 1);
      expect((await store.latest()).rejected[0]?.reason).toMatch(/1 bytes, the marker records 3/);
      await rm(join(store.pathOf(2), CHECKPOINT_MARKER));
      const { latest, rejected } = await store.latest();
      expect(latest?.sequence).toBe(1);
      expect(rejected[0]?.reason).toMatch(/marker/);
    });

    it('should report none when every checkpoint is damaged', async () => {
      const store = new CheckpointStore(dir);
      await store.write(1, [{ name: 'a.bin', data: 'one' }]);
      await writeFile(join(store.pathOf(1), CHECKPOINT_MARKER), '{not json');
      const { latest, rejected } = await store.latest();
      expect(latest).toBeUndefined();
      expect(rejected).toHaveLength(1);
    });

    it('should ignore a temporary directory left by a killed writer', async () => {
      const store = new CheckpointStore(dir);
      await store.write(1, [{ name: 'a.bin', data: 'one' }]);
      await writeFile(join(dir, 'stray.txt'), '');
      const stale = join(dir, '.tmp-ckpt-00000002');
      await rm(stale, { recursive: true, force: true });
      await (await import('node:fs/promises')).mkdir(stale);
      expect((await store.latest()).latest?.sequence).toBe(1);
      await store.write(2, [{ name: 'a.bin', data: 'two' }]);
      expect(await readFile(join(store.pathOf(2), 'a.bin'), 'utf8')).toBe('two');
      expect((await readdir(dir)).filter((n) => n.startsWith('.tmp'))).toEqual([]);
    });
  });

  describe('.discardAfter', () => {
    it('should delete newer checkpoints', async () => {
      const store = new CheckpointStore(dir, { keep: 3 });
      for (let i = 1; i <= 3; i++) await store.write(i, [{ name: 'a.bin', data: String(i) }]);
      await store.discardAfter(1);
      expect(await store.sequences()).toEqual([1]);
    });
  });
});
