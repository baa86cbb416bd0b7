import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess } from './testing/spawn-cli';

/**
 * The acceptance cases for bad configs, through the real `prunerl` process: each exits non-zero
 * with a message naming the field, and leaves no output directory behind.
 */
describe('prunerl train with a bad config', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-bad-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const good = (outputDir: string): string =>
    [
      'environment: { id: MinAtar/Breakout-v1 }',
      'agent: { name: dqn, options: { minReplayHistory: 50 } }',
      'budget: { iterations: 1, stepsPerIteration: 100 }',
      `outputDir: ${outputDir}`,
    ].join('\n');

  const cases: [string, (out: string) => string, string[], RegExp][] = [
    ['an unknown key', (out) => `${good(out)}\nnetwork: { torso: minatar-cnn, widht: 3 }\n`, [], /network\.widht: expected no key named "widht"/],
    ['a wrong type', (out) => good(out).replace('iterations: 1', 'iterations: "ten"'), [], /budget\.iterations: expected a number, got "ten"/],
    ['sparsity 1.5', (out) => `${good(out)}\npruner: { name: gmp, options: { sparsity: 1.5 } }\n`, [], /pruner\.options\.sparsity: expected a number < 1, got 1\.5/],
    ['an unknown pruner name', (out) => `${good(out)}\npruner: { name: gmpp, options: { sparsity: 0.9 } }\n`, [], /pruner\.name: expected one of .*"gmp".*, got "gmpp"/],
    ['a missing plugin file', (out) => good(out), ['--plugin', './no-such-plugin.js'], /plugins\[0\]: expected an existing plugin file .*no-such-plugin\.js/],
  ];

  it.concurrent.each(cases)('should exit non-zero naming the field for %s, leaving no output directory', async (label, text, extra, message) => {
    const out = join(dir, `out-${label.replace(/\W+/g, '-')}`);
    const file = join(dir, `${label.replace(/\W+/g, '-')}.yaml`);
    await writeFile(file, text(out));
    const result = await runCliProcess(['train', file, ...extra], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('error: '))).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
