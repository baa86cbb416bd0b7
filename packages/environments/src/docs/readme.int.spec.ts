// The first example of packages/environments/README.md, run as a test (the page must show this code
// verbatim, after its import lines).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@prunerl/core';
import { make, RecordEpisodeStatistics } from '../index';

describe('packages/environments/README.md', () => {
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should run the example', () => {
    // ---- readme: example ----
    const env = new RecordEpisodeStatistics(make('MinAtar/Breakout-v1', { stickyActionProb: 0.1 }));
    const rng = Rng.fromSeed(0); // the random policy's own stream
    const { observation, info } = env.reset({ seed: 42 });
    console.log(observation.length, info.channels); // 400 [ 'paddle', 'ball', 'trail', 'brick' ]
    while (env.episodeCount < 100) {
      const { terminated, truncated } = env.step(env.actionSpace.sample(rng));
      if (terminated || truncated) env.reset();
    }
    const mean = env.returnQueue.reduce((a, b) => a + b, 0) / env.returnQueue.length;
    console.log(`random policy: mean return ${mean.toFixed(2)} over ${env.episodeCount} episodes`);
    console.log(env.render()); // the current frame as text, one character per channel
    // ---- end of example ----
    expect(logged[0]).toEqual([400, ['paddle', 'ball', 'trail', 'brick']]);
    expect(logged[1]).toEqual([expect.stringMatching(/^random policy: mean return \d\.\d\d over 100 episodes$/)]);
    expect((logged[2] as string[])[0]).toMatch(/^([.=o~#]{10}\n){9}[.=o~#]{10}$/);
  });

  it('should show the example verbatim', () => {
    const page = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const source = readFileSync(__filename, 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(page)![1]!;
    const code = block
      .split('\n')
      .filter((line) => !line.startsWith('import '))
      .join('\n');
    const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
    const body = source.slice(source.indexOf('// ---- readme: example ----') + '// ---- readme: example ----'.length, source.indexOf('// ---- end of example ----'));
    expect(flat(code)).toBe(flat(body));
  });
});
