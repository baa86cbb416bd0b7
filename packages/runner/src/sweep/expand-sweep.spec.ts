import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { buildExperiment } from '../composition/build-experiment';
import { expandSweep, loadSweep, valueLabel } from './expand-sweep';
import { sweepConfigSchema } from './sweep-config-schema';
import { listSweepPresets, sweepPresetPath } from './sweep-presets';

const base = { environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'dqn' }, budget: { iterations: 1, stepsPerIteration: 2000 } };

describe(expandSweep.name, () => {
  it('should take the product of the grid, seeds innermost, with readable unique names', () => {
    const sweep = sweepConfigSchema.parse({
      name: 's',
      base,
      grid: { 'network.width': [1, 3], pruner: ['none', { name: 'gmp', options: { sparsity: 0.95 } }] },
      seeds: [0, 1],
      outputDir: '/tmp/out',
    });
    const { runs, directory } = expandSweep(sweep, base);
    expect(directory).toBe('/tmp/out/s');
    expect(runs.map((r) => r.id)).toEqual([
      'width-1_pruner-none/seed-0',
      'width-1_pruner-none/seed-1',
      'width-1_pruner-gmp-0.95/seed-0',
      'width-1_pruner-gmp-0.95/seed-1',
      'width-3_pruner-none/seed-0',
      'width-3_pruner-none/seed-1',
      'width-3_pruner-gmp-0.95/seed-0',
      'width-3_pruner-gmp-0.95/seed-1',
    ]);
    expect(runs[7]!.config).toMatchObject({ name: 'width-3_pruner-gmp-0.95', seeds: [1], network: { width: 3 }, pruner: { name: 'gmp' }, method: 'DQN gmp 95% w=3' });
    expect(runs[7]!.directory).toBe('/tmp/out/s/width-3_pruner-gmp-0.95/seed-1');
    // Width and pruner are recorded by the runner from the config; nothing else varies here.
    expect(runs[7]!.factors).toEqual({});
  });

  it('should add grid keys the method label does not show', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base, grid: { 'agent.options.updatesPerStep': [1, 2] } });
    const runs = expandSweep(sweep, base).runs;
    expect(runs.map((r) => r.config.method)).toEqual(['DQN dense w=1 updatesPerStep=1', 'DQN dense w=1 updatesPerStep=2']);
    expect(runs.map((r) => r.factors)).toEqual([{ updatesPerStep: 1 }, { updatesPerStep: 2 }]);
  });

  it('should lay variants over the base and label runs by them', () => {
    const sweep = sweepConfigSchema.parse({
      name: 's',
      base,
      variants: [
        { label: 'DQN', set: { pruner: 'none' } },
        { label: 'DQN + Pruning', set: { 'pruner.name': 'gmp' } },
      ],
      grid: { 'network.width': [1, 3] },
    });
    const runs = expandSweep(sweep, base).runs;
    expect(runs.map((r) => [r.id, r.config.method])).toEqual([
      ['DQN_width-1/seed-0', 'DQN w=1'],
      ['DQN_width-3/seed-0', 'DQN w=3'],
      ['DQN-Pruning_width-1/seed-0', 'DQN + Pruning w=1'],
      ['DQN-Pruning_width-3/seed-0', 'DQN + Pruning w=3'],
    ]);
  });

  it('should point a lottery ticket at the masks of its sibling run and depend on it', () => {
    const sweep = sweepConfigSchema.parse({
      name: 's',
      base,
      outputDir: '/tmp/out',
      variants: [
        { label: 'GMP', set: { pruner: { name: 'gmp', options: { sparsity: 0.9 } } } },
        { label: 'LT', set: { pruner: { name: 'lottery-ticket', options: { masksFrom: { variant: 'GMP' } } } } },
      ],
      grid: { 'environment.id': ['MinAtar/Breakout-v1', 'MinAtar/Asterix-v1'] },
      seeds: [3],
    });
    const lottery = expandSweep(sweep, base).runs.filter((r) => r.config.pruner?.name === 'lottery-ticket');
    expect(lottery.map((r) => r.dependsOn)).toEqual([['/tmp/out/s/GMP_id-MinAtar-Breakout-v1/seed-3'], ['/tmp/out/s/GMP_id-MinAtar-Asterix-v1/seed-3']]);
    expect(lottery[0]!.config.pruner!.options.masksFrom).toBe('/tmp/out/s/GMP_id-MinAtar-Breakout-v1/seed-{seed}');
  });

  it('should refuse a masksFrom variant that does not exist, naming the field', () => {
    const sweep = sweepConfigSchema.parse({
      name: 's',
      base,
      variants: [{ label: 'LT', set: { pruner: { name: 'lottery-ticket', options: { masksFrom: { variant: 'nope' } } } } }],
    });
    expect(() => expandSweep(sweep, base)).toThrow(/pruner\.options\.masksFrom\.variant/);
  });

  it('should name the run whose config is invalid', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base, grid: { 'pruner.options.sparsity': [0.5, 1.5], 'pruner.name': ['gmp'] } });
    expect(() => expandSweep(sweep, base)).toThrow(/pruner\.options\.sparsity: expected a number < 1, got 1\.5\. \(sweep run "sparsity-1\.5_name-gmp"\)/);
  });

  it('should refuse a seed given twice (two runs would train in one directory)', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base, seeds: [0, 1, 0] });
    expect(() => expandSweep(sweep, base)).toThrow(/seeds: expected distinct seeds \(0 is given twice\), got \[0, 1, 0\]/);
  });

  it('should set the frames budget of every run', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base: { ...base, budget: { iterations: 9, stepsPerIteration: 100 } }, frames: 1000 });
    expect(expandSweep(sweep, sweep.base).runs[0]!.config.budget.iterations).toBe(10);
    expect(expandSweep(sweep, sweep.base, { frames: 250 }).runs[0]!.config.budget.iterations).toBe(3);
  });
});

describe('sweep claims and run order', () => {
  const variants = [
    { label: 'D', set: { pruner: 'none' } },
    { label: 'P', set: { 'pruner.name': 'gmp' } },
  ];

  it('should accept claims between the sweep\'s method labels, with defaults', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base, variants, grid: { 'network.width': [1, 3] }, claims: [{ claim: 'P beats D at 3', better: 'P w=3', than: 'D w=3' }] });
    expect(sweep.claims).toEqual([{ claim: 'P beats D at 3', better: 'P w=3', than: 'D w=3', metric: 'iqm', direction: 'higher' }]);
    expect(expandSweep(sweep, base).runs).toHaveLength(4);
  });

  it('should refuse a claim naming a method no run has, listing the labels', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base, variants, grid: { 'network.width': [1, 3] }, claims: [{ claim: 'c', better: 'P w=4', than: 'D w=3' }] });
    expect(() => expandSweep(sweep, base)).toThrow(/claims\[0\]\.better.*"D w=1", "D w=3", "P w=1", "P w=3".*got "P w=4"/s);
    const self = sweepConfigSchema.parse({ name: 's', base, variants, claims: [{ claim: 'c', better: 'P', than: 'P' }] });
    expect(() => expandSweep(self, base)).toThrow(/claims\[0\]\.than/);
  });

  it('should start every configuration\'s first seed before any second seed with order seeds-first', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base, variants, seeds: [7, 3], order: 'seeds-first' });
    expect(expandSweep(sweep, base).runs.map((r) => r.id)).toEqual(['D/seed-7', 'P/seed-7', 'D/seed-3', 'P/seed-3']);
    const grid = sweepConfigSchema.parse({ name: 's', base, variants, seeds: [7, 3] });
    expect(expandSweep(grid, base).runs.map((r) => r.id)).toEqual(['D/seed-7', 'D/seed-3', 'P/seed-7', 'P/seed-3']);
  });

  it('should read the study section and report settings, and reject unknown keys in them', () => {
    const sweep = sweepConfigSchema.parse({ name: 's', base, study: { question: 'q', analysis: 'a' }, report: { finalWindow: 5 } });
    expect(sweep.study).toEqual({ question: 'q', hypotheses: [], analysis: 'a' });
    expect(sweep.report).toEqual({ finalWindow: 5 });
    expect(sweepConfigSchema.safeParse({ name: 's', base, report: { window: 5 } }).success).toBe(false);
    expect(sweepConfigSchema.safeParse({ name: 's', base, claims: [{ claim: 'c', better: 'a', than: 'b', metric: 'max' }] }).success).toBe(false);
  });
});

describe(valueLabel.name, () => {
  it('should label values readably', () => {
    expect(valueLabel('MinAtar/Breakout-v1')).toBe('MinAtar-Breakout-v1');
    expect(valueLabel(null)).toBe('none');
    expect(valueLabel({ name: 'rigl', options: { sparsity: 0.9 } })).toBe('rigl-0.9');
    expect(valueLabel([{ name: 'redo' }, { name: 'weight-decay' }])).toBe('redo+weight-decay');
    expect(valueLabel({ a: 1 })).toMatch(/^[0-9a-f]{6}$/);
  });
});

describe(loadSweep.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-sweep-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should read the base config from a path relative to the sweep file', async () => {
    await writeFile(join(dir, 'base.yaml'), 'environment: { id: MinAtar/Breakout-v1 }\nagent: { name: dqn }\nbudget: { iterations: 1 }\n');
    await writeFile(join(dir, 'sweep.yaml'), 'name: t\nbase: ./base.yaml\ngrid: { seeds: [[1], [2]] }\n');
    const { runs } = await loadSweep(join(dir, 'sweep.yaml'));
    expect(runs.map((r) => r.seed)).toEqual([1, 2]);
  });

  it('should reject an unknown key in the sweep file, naming it', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'name: t\nbase: {}\ngird: {}\n');
    await expect(loadSweep(join(dir, 'bad.yaml'))).rejects.toThrow(ConfigError);
    await expect(loadSweep(join(dir, 'bad.yaml'))).rejects.toThrow(/^gird: expected no key named "gird"/);
  });

  describe('presets', () => {
    const expected: Record<string, number> = {
      quickstart: 2 * 3,
      'fig1-width-scaling': 2 * 2 * 2 * 5 * 3,
      'fig3-sparsity': 4 * 5 * 3,
      'fig4-cnn-width': 2 * 3 * 2 * 5 * 3,
      'fig5-replay-ratio': 4 * 2 * 5 * 3,
      'fig12-baselines': 6 * 2 * 5 * 3,
      'fig13-lottery': 3 * 5 * 3,
      'fig22-rigl': 2 * 5 * 5 * 3,
      'fig9-sac': 4 * 2 * 3,
      'fig19-ppo': 4 * 2 * 3,
    };

    it('should ship every figure preset', () => {
      expect(listSweepPresets()).toEqual([...Object.keys(expected), 'fig8-offline'].sort());
    });

    it('fig8-offline: the offline runs read the dataset of their game and seed\'s DQN run, which they wait for; its runs build', async () => {
      const { runs } = await loadSweep(sweepPresetPath('fig8-offline'), { outputDir: join(dir, 'out') });
      expect(runs).toHaveLength(13 * 2 * 2);
      const behaviour = runs.filter((r) => r.config.method === 'DQN behaviour');
      expect(behaviour).toHaveLength(4);
      for (const run of behaviour) {
        expect(run.config).toMatchObject({ agent: { name: 'dqn' }, logging: { replay: true }, replay: { name: 'uniform' } });
        expect(run.config.offline).toBeUndefined();
        expect(run.dependsOn).toEqual([]);
      }
      const offline = runs.filter((r) => r.config.method !== 'DQN behaviour');
      expect(new Set(offline.map((r) => r.config.agent.name))).toEqual(new Set(['cql', 'cql-c51']));
      for (const run of offline) {
        const source = behaviour.find((b) => b.seed === run.seed && b.config.environment.id === run.config.environment.id)!;
        expect(run.dependsOn).toEqual([source.directory]);
        expect(run.config.offline!.datasets[0]).toMatchObject({ fraction: 0.2, seed: 0 });
        expect((run.config.offline!.datasets[0]!.path as string).replaceAll('{seed}', String(run.seed))).toBe(source.directory);
        expect(run.config).toMatchObject({ replay: { name: 'fixed' }, budget: { iterations: 10, stepsPerIteration: 5_000 }, evaluation: { episodes: 10 } });
        expect(run.config.agent.options).toMatchObject({ minReplayHistory: 0, updatePeriod: 1, totalSteps: 50_000 });
      }
      expect(new Set(offline.map((r) => `${r.config.network.width}/${r.config.pruner?.options.sparsity ?? 0}`))).toEqual(new Set(['1/0', '1/0.95', '1/0.99', '3/0', '3/0.95', '3/0.99']));
      // The first (online, logging) run builds; an offline run needs its dataset first (the runner test trains one).
      const parts = await buildExperiment(behaviour[0]!.config, behaviour[0]!.seed);
      parts.dispose();
      await expect(buildExperiment(offline[0]!.config, offline[0]!.seed)).rejects.toThrow(/manifest.json at byte 0: expected a dataset's manifest.json/);
    });

    it.each(Object.entries(expected))('%s should expand to %d valid runs with a frames budget', async (name, count) => {
      const { runs, sweep } = await loadSweep(sweepPresetPath(name), { outputDir: join(dir, 'out') });
      expect(runs).toHaveLength(count);
      expect(sweep.frames).toBeGreaterThan(0);
      expect(new Set(runs.map((r) => r.id)).size).toBe(count);
      const methods = new Set(runs.map((r) => `${r.config.method}|${r.config.environment.id}`));
      expect(methods.size).toBe(count / (runs[0]!.config.seeds.length === 1 ? new Set(runs.map((r) => r.seed)).size : 1));
    });

    it('fig12-baselines: every method builds, with its pruner, hook or network option', async () => {
      const { runs } = await loadSweep(sweepPresetPath('fig12-baselines'), { outputDir: join(dir, 'out') });
      const firstOfEach = new Map<string, (typeof runs)[number]>();
      for (const run of runs) {
        const method = run.config.method.replace(/ w=1$/, '');
        if (run.config.network.width === 1 && !firstOfEach.has(method)) firstOfEach.set(method, run);
      }
      const built: Record<string, unknown> = {};
      for (const [method, run] of firstOfEach) {
        const parts = await buildExperiment(run.config, run.seed);
        const online = (parts.agent as unknown as { online: { architecture: { featureNorm?: boolean } } }).online;
        built[method] = [parts.hooks.map((h) => h.name), online.architecture.featureNorm === true];
        parts.dispose();
      }
      expect(built).toEqual({
        DQN: [[], false],
        'DQN + Pruning': [['gmp'], false],
        'DQN + WD': [['weight-decay'], false],
        'DQN + ReDo': [['redo'], false],
        'DQN + Reset': [['reset'], false],
        'DQN + L2': [[], true],
      });
    });

    it('fig9-sac: SAC on Pendulum-v1 with the classic preset, GMP over actor and critics at widths 1 and 5, its claim on width 5', async () => {
      const { runs, sweep } = await loadSweep(sweepPresetPath('fig9-sac'), { outputDir: join(dir, 'out') });
      expect(new Set(runs.map((r) => r.config.method))).toEqual(
        new Set(['SAC dense', 'SAC GMP 90%', 'SAC GMP 95%', 'SAC GMP 99%'].flatMap((label) => [`${label} w=1`, `${label} w=5`])),
      );
      for (const run of runs) {
        expect(run.config).toMatchObject({ environment: { id: 'Pendulum-v1' }, agent: { name: 'sac', preset: 'classic', options: { totalSteps: 20_000 } }, network: { torso: 'mlp' } });
      }
      expect(sweep.claims.map((c) => [c.better, c.than])).toEqual([['SAC GMP 90% w=5', 'SAC dense w=5']]);
      const last = runs.find((r) => r.config.method === 'SAC GMP 99% w=5')!;
      const parts = await buildExperiment(last.config, last.seed);
      try {
        // The pruner is the agent's hook (it masks the actor and both critics); the actor is (320, 320).
        expect(parts.hooks).toEqual([parts.pruner]);
        expect(parts.pruner!.name).toBe('gmp');
        expect(parts.parameterCount).toBe(3 * 320 + 320 + 320 * 320 + 320 + 320 * 2 + 2);
      } finally {
        parts.dispose();
      }
    });

    it('fig19-ppo: PPO on Pendulum-v1 with the classic preset, GMP over the policy and value networks at widths 1 and 5', async () => {
      const { runs, sweep } = await loadSweep(sweepPresetPath('fig19-ppo'), { outputDir: join(dir, 'out') });
      expect(new Set(runs.map((r) => r.config.method))).toEqual(
        new Set(['PPO dense', 'PPO GMP 90%', 'PPO GMP 95%', 'PPO GMP 99%'].flatMap((label) => [`${label} w=1`, `${label} w=5`])),
      );
      for (const run of runs) {
        expect(run.config).toMatchObject({ environment: { id: 'Pendulum-v1' }, agent: { name: 'ppo', preset: 'classic', options: { totalSteps: 50_000, rolloutSteps: 1_024 } }, network: { torso: 'mlp' } });
      }
      expect(sweep.claims.map((c) => [c.better, c.than])).toEqual([['PPO GMP 95% w=5', 'PPO dense w=5']]);
      const last = runs.find((r) => r.config.method === 'PPO GMP 99% w=5')!;
      const parts = await buildExperiment(last.config, last.seed);
      try {
        // The pruner is the agent's hook (it masks the policy and the value network); the policy is (320, 320) with one mean.
        expect(parts.hooks).toEqual([parts.pruner]);
        expect(parts.parameterCount).toBe(3 * 320 + 320 + 320 * 320 + 320 + 320 * 1 + 1);
      } finally {
        parts.dispose();
      }
    });

    it.each(['quickstart', 'fig1-width-scaling', 'fig5-replay-ratio', 'fig12-baselines', 'fig22-rigl'])('%s: the parts of its first and last runs build', async (name) => {
      const { runs } = await loadSweep(sweepPresetPath(name), { outputDir: join(dir, 'out') });
      for (const run of [runs[0]!, runs[runs.length - 1]!]) {
        const parts = await buildExperiment(run.config, run.seed);
        parts.dispose();
      }
    });
  });
});
