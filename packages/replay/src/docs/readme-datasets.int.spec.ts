// The dataset example of packages/replay/README.md, run as a test (the page must show this code verbatim).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('packages/replay/README.md', () => {
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should run the datasets example', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { Rng } = await import('@prunerl/core');
    const { datasetStats, FixedReplayBuffer } = await import('@prunerl/replay');
    const { DatasetWriter, readDataset } = await import('@prunerl/replay/node');
    // ---- readme: datasets ----
    const directory = join(mkdtempSync(join(tmpdir(), 'prunerl-')), 'dataset');
    const spec = { environment: 'MinAtar/Breakout-v1', observationShape: [10, 10, 4], observationDtype: 'uint8' as const, numActions: 6 };
    const writer = DatasetWriter.open({ directory, spec, shardTransitions: 100 });
    const frame = (t: number) => new Uint8Array(400).fill(t % 2);
    for (let t = 0; t < 1_000; t++) {
      const end = t % 50 === 49; // episodes of 50 steps, reward 1 at the end
      writer.append({ observation: frame(t), action: t % 6, reward: end ? 1 : 0, nextObservation: frame(t + 1), terminated: end, truncated: false }, 1 - t / 1_000);
    }
    writer.close();

    // The late half of the run, and a random 20% of its shards, as one fixed replay with 3-step returns.
    const dataset = await readDataset([{ path: directory, from: 0.5 }, { path: directory, fraction: 0.2, seed: 1 }]);
    const stats = datasetStats(dataset);
    console.log(dataset.transitions, stats.episodeReturns.length, stats.meanReturn); // 700 14 1
    const replay = new FixedReplayBuffer({ dataset, observationShape: [10, 10, 4], observationDtype: 'uint8', nStep: 3 });
    console.log(replay.sample(32, Rng.fromSeed(0)).batchSize); // 32
    // ---- end of example ----
    expect(logged).toEqual([[700, 14, 1], [32]]);
  });

  it('should show the example verbatim', () => {
    const page = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const source = readFileSync(__filename, 'utf8');
    const block = /## Datasets and offline replay[\s\S]*?```ts\n([\s\S]*?)```/.exec(page)![1]!;
    const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
    const body = source.slice(source.indexOf('// ---- readme: datasets ----') + '// ---- readme: datasets ----'.length, source.indexOf('// ---- end of example ----'));
    expect(flat(block)).toContain(flat(body));
  });
});
