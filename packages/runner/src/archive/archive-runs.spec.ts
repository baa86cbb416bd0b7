import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ConfigError } from '@prunerl/core';
import { ARCHIVED_METRICS_FILE, archiveRuns } from './archive-runs';

const records = [
  { step: 10, name: 'train/episode_return', value: 1 },
  { step: 10, name: 'train/episode_length', value: 10 },
  { step: 20, name: 'return', value: 1.5 },
  { step: 20, name: 'diagnostics/srank', value: 7 },
];

async function writeRun(directory: string, status: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'meta.json'), JSON.stringify({ format: 'prunerl-run', version: 1, status }));
  await writeFile(join(directory, 'metrics.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

function archived(directory: string): unknown[] {
  return gunzipSync(readFileSync(join(directory, ARCHIVED_METRICS_FILE)))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe(archiveRuns.name, () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'prunerl-archive-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('should compress the per-iteration records of complete runs and leave running ones alone', async () => {
    await writeRun(join(root, 'a', 'seed-0'), 'complete');
    await writeRun(join(root, 'b', 'seed-0'), 'running');
    const results = await archiveRuns(root);
    expect(results.map((r) => [r.id, r.outcome, r.records])).toEqual([
      [join('a', 'seed-0'), 'archived', 2],
      [join('b', 'seed-0'), 'incomplete', undefined],
    ]);
    expect(archived(join(root, 'a', 'seed-0'))).toEqual(records.slice(2));
    expect(existsSync(join(root, 'b', 'seed-0', ARCHIVED_METRICS_FILE))).toBe(false);
  });

  it('should keep the episode records when asked, and report a run archived earlier', async () => {
    await writeRun(join(root, 'a'), 'complete');
    await archiveRuns(root, { keepEpisodes: true });
    expect(archived(join(root, 'a'))).toEqual(records);
    await rm(join(root, 'a', 'metrics.jsonl'));
    expect((await archiveRuns(root)).map((r) => r.outcome)).toEqual(['archived']);
  });

  it('should name a malformed line and a missing directory', async () => {
    await writeRun(join(root, 'a'), 'complete');
    await writeFile(join(root, 'a', 'metrics.jsonl'), 'not json\n');
    await expect(archiveRuns(root)).rejects.toThrow(/metrics.jsonl.*not json/);
    await expect(archiveRuns(join(root, 'missing'))).rejects.toThrow(ConfigError);
  });
});
