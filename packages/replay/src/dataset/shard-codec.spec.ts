import { DatasetError } from '@prunerl/core';
import { scriptedEpisodes } from '@prunerl/testing';
import { SHARD_BLOCK_TRANSITIONS, TransitionFlags } from './dataset-format';
import { SPEC } from './dataset-fixture';
import { decodeShard, encodeShard } from './shard-codec';
import { ShardBuilder, transitionsOf } from './transition-columns';

const IDENTITY = { index: 2, firstTransition: 100, observationShape: SPEC.observationShape, observationDtype: SPEC.observationDtype };

function columnsOf(lengths: number[]) {
  const { transitions } = scriptedEpisodes(lengths.map((length, i) => ({ length, end: i % 2 === 0 ? 'terminated' : 'truncated' })), 3);
  const builder = new ShardBuilder(SPEC);
  transitions.forEach((t, i) => builder.append(t, i / 100));
  return { transitions, columns: builder.take() };
}

/** The error `fn` throws, as a DatasetError. */
function datasetErrorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe(ShardBuilder.name, () => {
  it('should store each observation once and a next observation only where the stream does not continue', () => {
    const { transitions, columns } = columnsOf([5, 4]);
    expect(columns.count).toBe(9);
    // Episode ends (terminated at 4, truncated at 8, which is also the last) are FINAL.
    expect(Array.from(columns.flags)).toEqual([0, 0, 0, 0, 5, 0, 0, 0, 6]);
    expect(columns.finalObservations.length).toBe(2 * 3);
    const read = [...transitionsOf(columns, 3)];
    expect(read.map(({ epsilon, final, ...t }) => ({ ...t, observation: Array.from(t.observation), nextObservation: Array.from(t.nextObservation) }))).toEqual(
      transitions.map((t) => ({ ...t, observation: Array.from(t.observation), nextObservation: Array.from(t.nextObservation) })),
    );
    expect(read.map((t) => t.epsilon)).toEqual(transitions.map((_, i) => Math.fround(i / 100)));
  });

  it('should keep the next observation where continuity breaks without an end, and at the last transition', () => {
    const builder = new ShardBuilder(SPEC);
    const o = (v: number) => Float32Array.from([v, v, v]);
    builder.append({ observation: o(1), action: 0, reward: 0, nextObservation: o(2), terminated: false, truncated: false }, 0.5);
    builder.append({ observation: o(7), action: 1, reward: 1, nextObservation: o(8), terminated: false, truncated: false }, Number.NaN);
    const columns = builder.take();
    expect(Array.from(columns.flags)).toEqual([TransitionFlags.FINAL, TransitionFlags.FINAL]);
    expect(Array.from(columns.finalObservations)).toEqual([2, 2, 2, 8, 8, 8]);
    expect(Number.isNaN(columns.epsilons[1])).toBe(true);
    expect(builder.count).toBe(0);
  });

  it('should refuse malformed transitions and actions outside the space, naming the field', () => {
    const builder = new ShardBuilder(SPEC);
    const o = Float32Array.from([0, 0, 0]);
    expect(() => builder.append({ observation: o, action: 7, reward: 0, nextObservation: o, terminated: false, truncated: false }, 0)).toThrow(/transition.action: expected an integer in \[0, 7\), got 7/);
    expect(() => builder.append({ observation: new Float32Array(2), action: 0, reward: 0, nextObservation: o, terminated: false, truncated: false }, 0)).toThrow(/observation: expected a Float32Array of 3 values/);
    expect(builder.count).toBe(0);
  });
});

describe('encodeShard / decodeShard', () => {
  it('should read back exactly what was written, across several blocks', () => {
    const { columns } = columnsOf([SHARD_BLOCK_TRANSITIONS - 3, 10, 7]);
    const bytes = encodeShard(columns, IDENTITY);
    const decoded = decodeShard(bytes, 'shard.bin', { ...IDENTITY, transitions: columns.count });
    expect(decoded).toEqual(columns);
  });

  it('should name the file and the byte offset of a corrupt block, a truncated end, a bad header or trailing bytes', () => {
    const { columns } = columnsOf([SHARD_BLOCK_TRANSITIONS + 50, 20]);
    const bytes = encodeShard(columns, IDENTITY);
    const expected = { ...IDENTITY, transitions: columns.count };
    const headerLength = new DataView(bytes.buffer).getUint32(12, true);
    const firstBlock = 20 + headerLength;
    // The first block holds no episode end (the first episode runs past it): no final observations.
    const secondBlock = firstBlock + 8 + SHARD_BLOCK_TRANSITIONS * (13 + 12) + 4;

    const corrupt = bytes.slice();
    corrupt[secondBlock + 100] ^= 0xff;
    const inBlock = datasetErrorOf(() => decodeShard(corrupt, 'data/shard-000002.bin', expected));
    expect({ file: inBlock.file, offset: inBlock.offset }).toEqual({ file: 'data/shard-000002.bin', offset: secondBlock });
    expect(inBlock.message).toMatch(new RegExp(`^data/shard-000002.bin at byte ${secondBlock} \\(block checksum\\): expected block 2's checksum`));

    const truncated = datasetErrorOf(() => decodeShard(bytes.subarray(0, secondBlock + 500), 'shard.bin', expected));
    expect(truncated.offset).toBe(secondBlock);
    expect(truncated.message).toMatch(/block 2 of 2 .*the file ends at byte \d+: truncated/);
    expect(datasetErrorOf(() => decodeShard(bytes.subarray(0, 10), 'shard.bin', expected)).offset).toBe(0);

    const header = bytes.slice();
    header[20] ^= 0x01;
    expect(datasetErrorOf(() => decodeShard(header, 'shard.bin', expected)).message).toMatch(/at byte 16 \(header checksum\)/);
    const magic = bytes.slice();
    magic[0] = 0x41;
    expect(datasetErrorOf(() => decodeShard(magic, 'shard.bin', expected)).message).toMatch(/shard.bin at byte 0 \(magic\): expected "PRLDSHRD"/);
    const trailing = new Uint8Array(bytes.length + 3);
    trailing.set(bytes);
    expect(datasetErrorOf(() => decodeShard(trailing, 'shard.bin', expected)).offset).toBe(bytes.length);
    expect(datasetErrorOf(() => decodeShard(bytes, 'shard.bin', { ...expected, firstTransition: 0 })).message).toMatch(/header firstTransition\): expected 0 \(the manifest's\), got 100/);
  });
});
