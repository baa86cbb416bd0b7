import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPolicy } from '@prunerl/networks';
import { parseConfigText, resolveExperimentConfig } from '@prunerl/runner';
import { runCli } from './program/run-cli';
import { memoryIo } from './testing/memory-io';

describe(runCli.name, () => {
  let dir: string;
  let config: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-cli-'));
    config = join(dir, 'exp.yaml');
    await writeFile(
      config,
      [
        'environment: { id: MinAtar/Breakout-v1 }',
        'agent: { name: dqn, options: { minReplayHistory: 50, batchSize: 8 } }',
        'network: { options: { denseUnits: 16 } }',
        'replay: { capacity: 1000 }',
        'pruner: { name: gmp, options: { sparsity: 0.8, updateFrequency: 10 } }',
        'budget: { iterations: 2, stepsPerIteration: 150 }',
        'outputDir: runs',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('--help', () => {
    it.each(['train', 'resume', 'sweep', 'worker', 'compare', 'report', 'dataset info', 'dataset sample', 'export', 'envs', 'config', 'bench'])('should describe %s', async (command) => {
      const io = memoryIo(dir);
      expect(await runCli([...command.split(' '), '--help'], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: prunerl ${command} `));
      expect(io.out()).toMatch(/--json/);
    });

    it('should list every command', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['--help'], io)).toBe(0);
      for (const command of ['train', 'resume', 'sweep', 'worker', 'compare', 'report', 'dataset', 'export', 'envs', 'config', 'bench']) expect(io.out()).toMatch(new RegExp(`\\n  ${command} `));
    });

    it('should reject an unknown command with a usage error', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['trian'], io)).toBe(2);
      expect(io.err()).toMatch(/unknown command 'trian'/);
    });
  });

  describe('config', () => {
    it('should print the resolved config, which is itself a valid config', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['config', config, '--print', '--set', 'network.width=2', '--seed', '3,4'], io)).toBe(0);
      const printed = parseConfigText(io.out(), 'printed.yaml') as Record<string, unknown>;
      expect(printed).toMatchObject({ name: 'breakout-dqn-gmp-w2', seeds: [3, 4], network: { torso: 'minatar-cnn', width: 2, head: 'q' }, agent: { preset: 'minatar' } });
      expect(resolveExperimentConfig(printed)).toEqual(printed);
    });

    it('should refuse a seed given twice or an empty seed before anything runs', async () => {
      for (const seeds of [['--seed', '1,1'], ['--seed', '0', '--seed', '0'], ['--seed', '1,,2'], ['--seed', '']]) {
        const io = memoryIo(dir);
        expect(await runCli(['config', config, ...seeds], io)).toBe(2);
        expect(io.err()).toMatch(/--seed/);
      }
      expect(existsSync(join(dir, 'runs'))).toBe(false);
    });

    it('should validate by building the parts, and report a bad factory option with its section', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['config', config, '--set', 'pruner.options.distribution=triangular'], io)).toBe(2);
      expect(io.err()).toMatch(/^error: pruner\.options > .*distribution/m);
      const ok = memoryIo(dir);
      expect(await runCli(['config', config], ok)).toBe(0);
      expect(ok.out()).toMatch(/exp\.yaml: valid \(DQN gmp 80% w=1 on MinAtar\/Breakout-v1, 2 iterations of 150 steps/);
      expect(existsSync(join(dir, 'runs'))).toBe(false);
    });

    it('should report errors as JSON events with --json', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['config', config, '--set', 'budget.iterations=-1', '--json'], io)).toBe(2);
      expect(JSON.parse(io.out().trim())).toMatchObject({ event: 'error', code: 'PRUNERL_CONFIG', field: 'budget.iterations' });
    });
  });

  describe('envs', () => {
    it('should list ids with their spaces', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['envs'], io)).toBe(0);
      expect(io.out()).toMatch(/^MinAtar\/Breakout-v1 +Box\(10x10x4, uint8, \[0, 1\]\) +Discrete\(6\) /m);
      expect(io.out()).toMatch(/^CartPole-v1 +Box\(4, float32, \[-inf, inf\]\) +Discrete\(2\) /m);
      expect(io.out()).toMatch(/^Pendulum-v1 +Box\(3, float32, \[-8, 8\]\) +Box\(1, float32, \[-2, 2\]\) +Gymnasium Pendulum-v1/m);
      const json = memoryIo(dir);
      expect(await runCli(['envs', '--json'], json)).toBe(0);
      expect(json.out().trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toContain('MinAtar/SpaceInvaders-v1');
    });
  });

  describe('report with claims', () => {
    it('should judge the claims of the study file in the runs directory, reading archived runs', async () => {
      const study = join(dir, 'study');
      const lines = [
        'name: study',
        'description: two methods',
        'base: { environment: { id: MinAtar/Breakout-v1 }, agent: { name: dqn }, budget: { iterations: 1 } }',
        'variants: [{ label: X, set: {} }, { label: Y, set: {} }]',
        'report: { finalWindow: 1, reps: 300 }',
        'claims:',
        '  - { claim: "X beats Y", better: X, than: Y }',
        '  - { claim: "Y beats X", better: Y, than: X }',
        '',
      ];
      await mkdir(study, { recursive: true });
      await writeFile(join(study, 'study.yaml'), lines.join('\n'));
      for (const [method, centre] of [['X', 8], ['Y', 2]] as const) {
        for (const task of ['MinAtar/Breakout-v1', 'MinAtar/Asterix-v1']) {
          for (const seed of [0, 1, 2]) {
            const run = join(study, `${method}-${task.replace('/', '-')}`, `seed-${seed}`);
            await mkdir(run, { recursive: true });
            await writeFile(join(run, 'meta.json'), JSON.stringify({ method, task, seed, status: 'complete' }));
            const records = [{ step: 1, name: 'return', value: 0 }, { step: 2, name: 'return', value: centre + seed / 10 }];
            await writeFile(join(run, 'metrics.jsonl.gz'), gzipSync(records.map((r) => JSON.stringify(r)).join('\n')));
          }
        }
      }
      const io = memoryIo(dir);
      expect(await runCli(['report', 'study', '--json', '--figures', 'figs'], io)).toBe(0);
      const result = JSON.parse(io.out().trim()) as { runs: number; figures: string[]; claims: { claim: string; verdict: string; reason: string }[] };
      expect(result.figures).toContain(join(dir, 'figs', 'aggregate-intervals.svg'));
      expect((await readFile(join(dir, 'figs', 'aggregate-intervals.svg'), 'utf8')).startsWith('<svg')).toBe(true);
      expect(result.runs).toBe(12);
      expect(result.claims.map((c) => [c.claim, c.verdict])).toEqual([
        ['X beats Y', 'holds'],
        ['Y beats X', 'refuted'],
      ]);
      expect(result.claims[0]!.reason).toMatch(/300 replicates, 2 tasks, 6 vs 6 runs/);
      const html = await readFile(join(study, 'report.html'), 'utf8');
      expect(html).toContain('<section id="claims">');
      expect(html).toContain('study: two methods');
    }, 60_000);
  });

  describe('train and report', () => {
    it('should train, refuse to overwrite, skip with --resume, and write the report', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['train', config], io)).toBe(0);
      expect(io.out()).toMatch(/^complete: .*runs\/breakout-dqn-gmp-w1\/seed-0 \(\d+ steps, .* steps\/s, .*sparsity 80\.0%\)/m);
      const again = memoryIo(dir);
      expect(await runCli(['train', config], again)).toBe(2);
      expect(again.err()).toMatch(/error: outputDir: expected a directory without a run \(it holds a complete run\)/);
      const resumed = memoryIo(dir);
      expect(await runCli(['train', config, '--resume', '--json'], resumed)).toBe(0);
      expect(JSON.parse(resumed.out().trim())).toMatchObject({ event: 'result', status: 'skipped' });

      // A run copied elsewhere resumes where it is now, not where its config.json says runs go.
      await cp(join(dir, 'runs/breakout-dqn-gmp-w1/seed-0'), join(dir, 'moved/seed-0'), { recursive: true });
      const metaFile = join(dir, 'moved/seed-0/meta.json');
      await writeFile(metaFile, JSON.stringify({ ...(JSON.parse(await readFile(metaFile, 'utf8')) as object), status: 'interrupted' }));
      const moved = memoryIo(dir);
      expect(await runCli(['resume', 'moved/seed-0', '--json'], moved)).toBe(0);
      expect(JSON.parse(moved.out().trim().split('\n').pop()!)).toMatchObject({ event: 'result', status: 'complete', directory: join(dir, 'moved/seed-0') });
      expect(JSON.parse(await readFile(metaFile, 'utf8'))).toMatchObject({ status: 'complete' });

      const report = memoryIo(dir);
      expect(await runCli(['report', 'runs', '--reps', '200'], report)).toBe(0);
      expect(report.out().trim()).toBe(`report: ${join(dir, 'runs', 'report.html')} (1 runs)`);
      const html = await readFile(join(dir, 'runs', 'report.html'), 'utf8');
      expect(html).toMatch(/<html/i);
      expect(html).toContain('DQN gmp 80% w=1');

      // The trained policy as one file, rebuilt by loadPolicy with the run's masks and environment.
      const exported = memoryIo(dir);
      expect(await runCli(['export', 'runs/breakout-dqn-gmp-w1/seed-0', 'policy.bin', '--json'], exported)).toBe(0);
      expect(JSON.parse(exported.out().trim())).toMatchObject({ event: 'result', file: join(dir, 'policy.bin'), checkpoint: 2, envSteps: expect.any(Number), status: 'complete' });
      const policy = loadPolicy(new Uint8Array(await readFile(join(dir, 'policy.bin'))));
      try {
        expect(policy.spec).toMatchObject({ agent: 'dqn', environment: { id: 'MinAtar/Breakout-v1' }, observationShape: [10, 10, 4], numActions: 6, info: { method: 'DQN gmp 80% w=1', seed: 0 } });
        const masks = Object.values(policy.masks);
        expect(masks.length).toBeGreaterThan(0);
        const kept = masks.reduce((sum, m) => sum + Array.from(m.values).reduce((a, b) => a + b, 0), 0) / masks.reduce((sum, m) => sum + m.values.length, 0);
        expect(1 - kept).toBeCloseTo(0.8, 2);
      } finally {
        policy.network.dispose();
      }
      const fallback = memoryIo(dir);
      expect(await runCli(['export', 'runs/breakout-dqn-gmp-w1/seed-0', '--quiet'], fallback)).toBe(0);
      expect(existsSync(join(dir, 'runs/breakout-dqn-gmp-w1/seed-0/policy.bin'))).toBe(true);
      const missing = memoryIo(dir);
      expect(await runCli(['export', 'runs'], missing)).toBe(2);
      expect(missing.err()).toMatch(/error: run directory: expected a prunerl run directory/);
    }, 120_000);
  });

  describe('bench', () => {
    it('should time the environment and training steps, dense and pruned', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['bench', '--steps', '200', '--json'], io)).toBe(0);
      const rows = io.out().trim().split('\n').map((line) => JSON.parse(line) as { event: string; case: string; stepsPerSecond: number });
      expect(rows.map((r) => r.event)).toEqual(['bench', 'bench', 'bench']);
      expect(rows.map((r) => r.case)).toEqual(['MinAtar/Breakout-v1 environment alone', 'DQN dense training (minatar-cnn w=1)', '+ GMP 95% (mask update every 100 updates)']);
      for (const row of rows) expect(row.stepsPerSecond).toBeGreaterThan(0);
    }, 60_000);

    it('should refuse an unknown benchmark script', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['bench', 'no-such-bench'], io)).toBe(2);
      expect(io.err()).toMatch(/bench script: expected/);
    });
  });

  describe('plugins', () => {
    it('should train with a pruner registered by a --plugin file', async () => {
      await writeFile(
        join(dir, 'keep-all.cjs'),
        [
          '// A plugin: registers a pruner named "keep-all" that never prunes.',
          'exports.register = ({ pruners }) => {',
          "  if (pruners.has('keep-all')) return;",
          "  pruners.register('keep-all', () => ({ name: 'keep-all', afterUpdate() {}, masks: () => new Map(),",
          '    sparsity: () => ({ overall: 0, target: 0, total: 0, nonzero: 0, size: 0, layers: [] }) }));',
          '};',
        ].join('\n'),
      );
      const io = memoryIo(dir);
      const code = await runCli(['train', config, '--plugin', './keep-all.cjs', '--set', 'pruner={name: keep-all}', '--set', 'name=plugged', '--quiet'], io);
      expect(io.err()).toBe('');
      expect(code).toBe(0);
      const meta = JSON.parse(await readFile(join(dir, 'runs', 'plugged', 'seed-0', 'meta.json'), 'utf8')) as { status: string; finalSparsity: number };
      expect(meta).toMatchObject({ status: 'complete', finalSparsity: 0 });
    }, 60_000);
  });

  describe('compare', () => {
    it('should list the quickstart comparison: DQN dense vs 95% GMP on MinAtar Breakout', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['compare', '--list', '-o', 'cmp'], io)).toBe(0);
      expect(io.out()).toContain('DQN-dense/seed-0\tDQN dense\tMinAtar/Breakout-v1');
      expect(io.out()).toContain('DQN-GMP-95/seed-0\tDQN GMP 95%\tMinAtar/Breakout-v1');
      // The shipped cost table (packages/runner/presets/run-costs.json) prices every run.
      expect(io.out()).toMatch(/\tMinAtar\/Breakout-v1\t~[\d.]+ core-h\n/);
      expect(io.out()).toMatch(/^6 runs in .*; about [\d.]+ core-hours \(about [\d.]+ h on \d+ workers?\), measured on .*load average/m);
    });

    it('should list as JSON lines only with --json, the runs inside the result', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['compare', '--list', '-o', 'cmp', '--json'], io)).toBe(0);
      const lines = io.out().trim().split('\n').map((line) => JSON.parse(line) as { event: string; runs?: number; list?: { id: string; coreHours?: number }[] });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ event: 'result', runs: 6 });
      expect(lines[0]!.list!.map((run) => run.id)).toContain('DQN-GMP-95/seed-0');
      expect(lines[0]!.list!.every((run) => (run.coreHours ?? 0) > 0)).toBe(true);
    });

    it('should list 3 seeds of each method, seeds first', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['compare', '--list', '-o', 'cmp'], io)).toBe(0);
      expect(io.out().trim().split('\n').slice(0, -1).map((line) => line.split('\t')[0])).toEqual(
        [0, 1, 2].flatMap((seed) => [`DQN-dense/seed-${seed}`, `DQN-GMP-95/seed-${seed}`]),
      );
    });

    it('should run every seed in worker processes, judge its claim in the report and print its path (the README main job, short)', async () => {
      const io = memoryIo(dir);
      expect(await runCli(['compare', '--frames', '2000', '--workers', '2', '--kernel-threads', '2', '-o', 'cmp', '--json'], io)).toBe(0);
      const reportPath = join(dir, 'cmp', 'quickstart', 'report.html');
      const events = io.out().trim().split('\n').map((line) => JSON.parse(line) as { event: string; path?: string; runs?: number; claims?: { verdict: string }[] });
      expect(events.filter((e) => e.event === 'run')).toHaveLength(6);
      const report = events.find((e) => e.event === 'result' && e.path !== undefined)!;
      expect(report).toMatchObject({ path: reportPath, runs: 6 });
      expect(report.claims).toHaveLength(1);
      expect(['holds', 'refuted', 'inconclusive']).toContain(report.claims![0]!.verdict);
      const html = await readFile(reportPath, 'utf8');
      expect(html).toContain('<section id="claims">');
      expect(html).toContain('DQN GMP 95%');
      // --kernel-threads reached every run's process (its backend line says so)
      const meta = JSON.parse(await readFile(join(dir, 'cmp', 'quickstart', 'DQN-dense', 'seed-0', 'meta.json'), 'utf8')) as { backend: string };
      expect(meta.backend).toContain('2 kernel threads');
    }, 180_000);
  });
});
