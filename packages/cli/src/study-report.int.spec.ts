import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runCli } from './program/run-cli';
import { memoryIo } from './testing/memory-io';

/**
 * The MinAtar study's report rebuilt from committed files alone: a subset of its runs (copies of
 * `docs/results/minatar-dqn-gmp/<run>/seed-0/{meta.json,config.json,metrics.jsonl.gz}`, the
 * archived form `prunerl archive` writes) and the study file itself, read with `--sweep`.
 * Each run's final score is recomputed here from its compressed log, independently of the report.
 */
describe('prunerl report over committed study runs', () => {
  const repository = resolve(__dirname, '../../..');
  const fixture = join(__dirname, 'testing', 'fixtures', 'minatar-study-subset');
  const studyFile = join(repository, 'docs', 'results', 'minatar-dqn-gmp', 'study.yaml');
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-study-'));
    await cp(fixture, join(dir, 'runs'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The study's score of a run: mean training return of its last `window` iterations (study.yaml's analysis). */
  async function finalScore(runDir: string, window: number): Promise<number> {
    const lines = gunzipSync(await readFile(join(runDir, 'metrics.jsonl.gz'))).toString('utf8').trim().split('\n');
    const returns = lines
      .map((line) => JSON.parse(line) as { name: string; value: number; tags: { iteration: number; phase: string } })
      .filter((r) => r.name === 'return' && r.tags.phase === 'train');
    const last = returns.slice(-window);
    return last.reduce((sum, r) => sum + r.value, 0) / last.length;
  }

  it('should read the archived logs, score every run as the study says and judge the claims it can', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['report', 'runs', '--sweep', studyFile, '--markdown', 'results.md', '--json'], io)).toBe(0);
    const events = io.out().trim().split('\n').map((line) => JSON.parse(line) as { event: string; runs?: number; claims?: { claim: string; verdict: string; difference?: { estimate: number } }[] });
    const result = events.find((e) => e.event === 'result')!;
    expect(result.runs).toBe(4);
    // Claim (c) has both methods here, but one seed per game: no interval, so not judged. The others lack GMP runs.
    expect(result.claims!.map((c) => c.verdict)).toEqual(['not judged', 'not judged', 'not judged', 'not judged', 'not judged']);
    const markdown = await readFile(join(dir, 'results.md'), 'utf8');
    expect(markdown).toMatch(/\| \(c\) Dense DQN's IQM at width 4 exceeds its IQM at width 1 \| \*\*not judged\*\* \| -?\d+\.\d{3} \(no interval\) \| — \| 2 vs 2 \|/);

    // The per-task table holds each run's final score (one seed: the mean over seeds is that score).
    for (const name of await readdir(join(dir, 'runs'))) {
      if (!name.startsWith('DQN-')) continue;
      const meta = JSON.parse(await readFile(join(dir, 'runs', name, 'seed-0', 'meta.json'), 'utf8')) as { method: string; task: string };
      const score = await finalScore(join(dir, 'runs', name, 'seed-0'), 5);
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${meta.task} |`));
      expect(row).toBeDefined();
      const header = markdown.split('\n').find((line) => line.startsWith('| task |'))!.split('|').map((cell) => cell.trim());
      const cells = row!.split('|').map((cell) => cell.trim());
      expect(cells[header.indexOf(meta.method)]).toBe(`${score.toFixed(2)} (no interval)`);
    }
    expect(await readFile(join(dir, 'runs', 'report.html'), 'utf8')).toContain('(c) Dense DQN');
  }, 120_000);
});
