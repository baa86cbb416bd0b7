import { ConfigError } from '@prunerl/core';
import { scriptedEpisodes } from '@prunerl/testing';
import { shardsOf } from './dataset-fixture';
import { selectShards } from './dataset-selection';

// 100 transitions in shards of 10.
const { manifest } = shardsOf(scriptedEpisodes([{ length: 60, end: 'terminated' }, { length: 40, end: 'truncated' }], 3).transitions, 10);

describe(selectShards.name, () => {
  it('should take every shard whole by default', () => {
    expect(selectShards(manifest)).toEqual(Array.from({ length: 10 }, (_, shard) => ({ shard, start: 0, end: 10 })));
  });

  it('should cut a stretch of the run by fractions of its transitions, inside shards', () => {
    expect(selectShards(manifest, { from: 0.25, to: 0.5 })).toEqual([
      { shard: 2, start: 5, end: 10 },
      { shard: 3, start: 0, end: 10 },
      { shard: 4, start: 0, end: 10 },
    ]);
  });

  it('should keep a random share of whole shards, the same for the same seed, in dataset order', () => {
    const a = selectShards(manifest, { fraction: 0.3, seed: 4 });
    expect(a).toHaveLength(3);
    expect(a.map((s) => s.shard)).toEqual([...a.map((s) => s.shard)].sort((x, y) => x - y));
    expect(selectShards(manifest, { fraction: 0.3, seed: 4 })).toEqual(a);
    expect(selectShards(manifest, { fraction: 0.3, seed: 5 })).not.toEqual(a);
    // 5% of 10 shards rounds to none: at least one is kept.
    expect(selectShards(manifest, { fraction: 0.05 })).toHaveLength(1);
    // A late stretch, then a share of it.
    expect(selectShards(manifest, { from: 0.5, fraction: 0.4, seed: 1 }).every((s) => s.shard >= 5)).toBe(true);
  });

  it('should refuse bad values and empty selections, naming the field', () => {
    expect(() => selectShards(manifest, { from: 0.5, to: 0.5 }, 'offline.datasets[0]')).toThrow(/offline.datasets\[0\].to: expected more than from \(0.5\)/);
    expect(() => selectShards(manifest, { fraction: 0 })).toThrow(/selection.fraction/);
    expect(() => selectShards(manifest, { to: 1.5 })).toThrow(ConfigError);
    expect(() => selectShards(manifest, { from: 0.999, to: 1 })).toThrow(/expected a part of the dataset's 100 transitions holding at least one/);
  });
});
