import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DatasetError, Rng } from '@prunerl/core';
import { scriptedEpisodes } from '@prunerl/testing';
import { FixedReplayBuffer } from '../buffers/fixed-replay-buffer';
import { SPEC } from '../dataset/dataset-fixture';
import { datasetStats, datasetTransitions } from '../dataset/loaded-dataset';
import { DatasetWriter } from './dataset-writer';
import { readDataset, readDatasetManifest } from './read-dataset';

const { transitions } = scriptedEpisodes(
  [
    { length: 9, end: 'terminated' },
    { length: 14, end: 'truncated' },
    { length: 7, end: 'terminated' },
  ],
  3,
);

async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe('DatasetWriter / readDataset', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prunerl-dataset-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The 30 transitions in shards of 7, with a flush (a checkpoint) after the 10th. */
  function write(directory = join(dir, 'data')): DatasetWriter {
    const writer = DatasetWriter.open({ directory, spec: SPEC, source: { run: 'scripted', seed: 0 }, shardTransitions: 7 });
    transitions.forEach((t, i) => {
      writer.append(t, i / 100);
      if (i === 9) writer.flush();
    });
    writer.close();
    return writer;
  }

  it('should write every transition in order as checksummed shards that read back exactly', async () => {
    const writer = write();
    const { manifest } = await readDatasetManifest(join(dir, 'data'));
    expect(manifest.shards.map((s) => s.transitions)).toEqual([7, 3, 7, 7, 6]);
    expect(manifest).toMatchObject({ transitions: 30, spec: SPEC, source: { run: 'scripted', seed: 0 } });
    expect(manifest.shards.map((s) => s.episodesEnded)).toEqual([0, 1, 0, 1, 1]);
    // Episodes 0-8, 9-22, 23-29: only the first shard opens one, only the last ends one.
    expect(manifest.shards.map((s) => [s.startsEpisode, s.endsEpisode])).toEqual([[true, false], [false, false], [false, false], [false, false], [false, true]]);
    expect(writer.flushedOffset).toBe(30);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['manifest.json', ...manifest.shards.map((s) => s.file)]);
    const dataset = await readDataset(join(dir, 'data'));
    const read = [...datasetTransitions(dataset)].map(({ transition: t }) => ({ ...t, observation: Array.from(t.observation), nextObservation: Array.from(t.nextObservation) }));
    expect(read.map(({ epsilon, final, ...t }) => t)).toEqual(transitions.map((t) => ({ ...t, observation: Array.from(t.observation), nextObservation: Array.from(t.nextObservation) })));
    expect(read.map((t) => t.epsilon)).toEqual(transitions.map((_, i) => Math.fround(i / 100)));
    // Shards continue each other: the episodes span them whole.
    expect(datasetStats(dataset).episodeReturns).toHaveLength(3);
  });

  it('should cut back to a flushed point and continue from there, as a resumed run does', async () => {
    write();
    const writer = DatasetWriter.open({ directory: join(dir, 'data'), spec: SPEC, shardTransitions: 7 });
    expect(() => writer.truncate(12)).toThrow(/expected a shard boundary of the dataset \(0, 7, 10, 17, 24, 30\)/);
    writer.truncate(10);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['manifest.json', 'shard-000000.bin', 'shard-000001.bin']);
    transitions.slice(10).forEach((t, i) => writer.append(t, (i + 10) / 100));
    writer.close();
    const again = [...datasetTransitions(await readDataset(join(dir, 'data')))].map(({ transition: t }) => [t.observation[0], t.action, t.epsilon]);
    expect(again).toEqual(transitions.map((t, i) => [t.observation[0], t.action, Math.fround(i / 100)]));
    expect(() => DatasetWriter.open({ directory: join(dir, 'data'), spec: { ...SPEC, numActions: 3 } })).toThrow(/DatasetWriter.spec: expected .*the dataset already in/);
  });

  it('should report a missing, truncated or corrupt shard with its file and byte offset', async () => {
    write();
    const data = join(dir, 'data');
    const shard = join(data, 'shard-000002.bin');
    const bytes = readFileSync(shard);

    truncateSync(shard, bytes.length - 10);
    const truncated = await rejection(readDataset(data));
    expect(truncated.file).toBe(shard);
    expect(truncated.offset).toBeGreaterThan(16);
    expect(truncated.message).toMatch(new RegExp(`^${shard.replace(/[/.]/g, '\\$&')} at byte \\d+: expected block 1 of 1 .*truncated`));

    const corrupt = Buffer.from(bytes);
    corrupt[corrupt.length - 30] ^= 0x10;
    writeFileSync(shard, corrupt);
    expect((await rejection(readDataset(data))).message).toMatch(/shard-000002\.bin at byte \d+ \(block checksum\)/);

    // A valid shard, but not the one the manifest lists (another dataset's).
    writeFileSync(shard, readFileSync(join(data, 'shard-000003.bin')));
    expect((await rejection(readDataset(data))).message).toMatch(/shard-000002\.bin at byte 16 \(header index\): expected 2/);

    unlinkSync(shard);
    const missing = await rejection(readDataset(data));
    expect({ file: missing.file, offset: missing.offset }).toEqual({ file: shard, offset: 0 });
    expect(missing.message).toMatch(/expected shard 2 of .*manifest.json \(transitions 10 to 16\), got "no readable file"/);
    // A selection that skips the damaged shard still reads.
    expect((await readDataset({ path: data, to: 0.3 })).transitions).toBe(9);

    const manifest = await rejection(readDataset(join(dir, 'nothing-here')));
    expect(manifest.message).toMatch(/nothing-here\/manifest.json at byte 0: expected a dataset's manifest.json/);
  });

  it('should combine selections of several datasets of one task, and refuse datasets of another', async () => {
    write(join(dir, 'a'));
    write(join(dir, 'run-b', 'dataset'));
    // A run directory is accepted for its dataset/.
    const combined = await readDataset([{ path: join(dir, 'a'), from: 0.5 }, { path: join(dir, 'run-b'), fraction: 0.4, seed: 3 }]);
    // Transitions 15-29 of a (shards 2 from its 6th transition, 3 and 4), then 2 of the 5 shards of b.
    expect(combined.segments.map((s) => s.source)).toEqual([0, 0, 0, 1, 1]);
    expect(combined.transitions).toBe(15 + combined.segments.filter((s) => s.source === 1).reduce((n, s) => n + s.end - s.start, 0));
    const replay = new FixedReplayBuffer({ dataset: combined, observationShape: [3], observationDtype: 'float32', nStep: 3 });
    expect(replay.size).toBe(combined.transitions);
    expect(replay.sample(8, Rng.fromSeed(0)).batchSize).toBe(8);

    DatasetWriter.open({ directory: join(dir, 'other'), spec: { ...SPEC, environment: 'Other-v0' } }).close();
    await expect(readDataset([{ path: join(dir, 'a') }, { path: join(dir, 'other') }])).rejects.toThrow(ConfigError);
    await expect(readDataset([{ path: join(dir, 'a') }, { path: join(dir, 'other') }])).rejects.toThrow(/datasets\[1\]: expected a dataset of the same task as datasets\[0\]/);
  });
});
