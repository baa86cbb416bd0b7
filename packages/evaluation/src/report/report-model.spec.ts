import { ConfigError } from '@prunerl/core';
import { createNormalizer } from '../normalization/normalization-table';
import { minatarNormalizer } from '../normalization/minatar-scores';
import { aggregateIqm } from '../statistics/aggregate-iqm';
import { FIXTURE_CONFIGS, fixtureMethod, fixtureRuns } from '../testing/fixture-runs.fixture';
import { buildReportModel } from './report-model';
import type { RunData } from './run-data';

const options = { bootstrap: { reps: 200, seed: 1 }, generatedAt: '2025-01-01T00:00:00Z' } as const;
const runs = fixtureRuns({ iterations: 6 });

describe('buildReportModel', () => {
  it('should build every figure the fixture runs support', () => {
    const model = buildReportModel(runs, options);
    expect(model.figures.map((f) => f.id)).toEqual([
      'aggregate-intervals',
      'probability-of-improvement',
      'performance-profile',
      'sample-efficiency',
      'learning-curves',
      'width-scaling',
      'sparsity-sweep',
      'sparsity-schedule',
      'diagnostics',
      'gradient-covariance',
    ]);
    expect(model.methods).toEqual(FIXTURE_CONFIGS.map(fixtureMethod));
    expect(model.tasks).toHaveLength(3);
    expect(model.runs).toHaveLength(62);
  });

  it('should normalise MinAtar games by their anchors and aggregate the final scores as rliable does', () => {
    const model = buildReportModel(runs, options);
    expect(model.normalizer?.label).toMatch(/MinAtar/);
    expect(model.scoreLabel).toBe('normalised score');
    const norm = minatarNormalizer();
    for (const method of model.methods) {
      const byTask = new Map<string, number[]>();
      for (const run of runs.filter((r) => r.meta.method === method)) {
        const last = run.metrics.filter((m) => m.name === 'return').sort((a, b) => a.step - b.step).pop()!;
        byTask.set(run.meta.task, [...(byTask.get(run.meta.task) ?? []), norm(last.value as number, run.meta.task)]);
      }
      const iqm = model.aggregates[method]!.iqm!;
      expect(iqm.point).toBeCloseTo(aggregateIqm([...byTask.values()]), 12);
      expect(iqm.lower).toBeLessThanOrEqual(iqm.point);
      expect(iqm.upper).toBeGreaterThanOrEqual(iqm.point);
    }
    // The ragged method keeps 8 runs.
    expect(model.perTaskFinal['DQN w=5 dense']!['MinAtar/SpaceInvaders-v1']!.runs).toBe(2);
  });

  it('should compare every method with the baseline', () => {
    const model = buildReportModel(runs, { ...options, baseline: 'DQN w=3 dense' });
    expect(model.improvements.map((e) => [e.x, e.y])).toEqual(model.methods.filter((m) => m !== 'DQN w=3 dense').map((m) => [m, 'DQN w=3 dense']));
    expect(() => buildReportModel(runs, { ...options, baseline: 'nope' })).toThrow(ConfigError);
  });

  it('should be reproducible for a given bootstrap seed', () => {
    const a = buildReportModel(runs, options);
    const b = buildReportModel(runs, options);
    expect(a.aggregates).toEqual(b.aggregates);
    expect(JSON.stringify(a.figures)).toBe(JSON.stringify(b.figures));
  });

  it('should omit the figures whose data is absent', () => {
    const plain: RunData[] = runs
      .filter((r) => r.meta.method === 'DQN w=1 dense')
      .map((r) => ({ ...r, meta: { method: r.meta.method, task: r.meta.task, seed: r.meta.seed }, metrics: r.metrics.filter((m) => m.name === 'return') }));
    const model = buildReportModel(plain, options);
    expect(model.figures.map((f) => f.id)).toEqual(['aggregate-intervals', 'performance-profile', 'sample-efficiency', 'learning-curves']);
    expect(model.improvements).toEqual([]);
  });

  it('should say so when no run logged the score metric', () => {
    const model = buildReportModel(runs.slice(0, 3), { ...options, scoreMetric: 'eval/return' });
    expect(model.notes.join(' ')).toMatch(/eval\/return/);
    expect(model.figures.map((f) => f.id)).not.toContain('aggregate-intervals');
  });

  it('should follow the normalisation option', () => {
    expect(buildReportModel(runs, { ...options, normalization: 'none' }).scoreLabel).toBe('score');
    const custom = createNormalizer(
      { 'MinAtar/Breakout-v1': { random: 0, reference: 100 }, 'MinAtar/Asterix-v1': { random: 0, reference: 100 }, 'MinAtar/SpaceInvaders-v1': { random: 0, reference: 100 } },
      { label: 'percent of 100' },
    );
    const model = buildReportModel(runs, { ...options, normalization: custom });
    expect(model.scoreLabel).toBe('percent of 100');
    expect(() => buildReportModel(runs, { ...options, normalization: 'procgen' as never })).toThrow(ConfigError);
  });

  it('should give no interval or probability of improvement for methods with one run per task, and say why', () => {
    const single = runs.filter((r) => r.meta.seed === 0);
    const model = buildReportModel(single, options);
    expect(model.withoutIntervals.size).toBe(model.methods.length);
    expect(model.improvements).toEqual([]);
    expect(model.figures.map((f) => f.id)).not.toContain('probability-of-improvement');
    expect(model.notes.join(' ')).toMatch(/one run on some task, so no confidence interval/);
    expect(buildReportModel(runs, options).withoutIntervals.size).toBe(0);
  });

  it('should judge the claims it is given, on the report\'s normalised final scores', () => {
    const [better, than] = [model().methods[0]!, model().methods[1]!];
    const judged = buildReportModel(runs, { ...options, claims: [{ claim: 'first beats second', better, than }] });
    expect(judged.claims).toHaveLength(1);
    expect(['holds', 'refuted', 'inconclusive']).toContain(judged.claims[0]!.verdict);
    expect(judged.claims[0]!.better!.point).toBeCloseTo(judged.aggregates[better]!.iqm!.point, 12);
    expect(buildReportModel(runs, options).claims).toEqual([]);
  });
});

describe('buildReportModel on runs that share iterations, not steps (as the runner logs them)', () => {
  const jittered = fixtureRuns({ iterations: 6, stepJitter: true });
  const values = (model: ReturnType<typeof buildReportModel>, id: string): Record<string, unknown>[] => {
    const figure = model.figures.find((f) => f.id === id);
    if (!figure) throw new Error(`no figure ${id}`);
    return (figure.spec as { data: { values: Record<string, unknown>[] } }).data.values;
  };

  it('should draw the curves with every iteration, over every run', () => {
    const model = buildReportModel(jittered, options);
    expect(new Set(jittered.flatMap((r) => r.metrics.map((m) => m.step))).size).toBeGreaterThan(6 * 10);
    const efficiency = values(model, 'sample-efficiency');
    for (const method of model.methods) expect(efficiency.filter((v) => v['series'] === method)).toHaveLength(6);
    // Per task: one point per iteration, the mean of the 3 seeds, with an interval.
    const breakout = values(model, 'learning-curves').filter((v) => v['series'] === 'DQN w=1 dense' && v['panel'] === 'MinAtar/Breakout-v1');
    expect(breakout).toHaveLength(6);
    const runsOf = jittered.filter((r) => r.meta.method === 'DQN w=1 dense' && r.meta.task === 'MinAtar/Breakout-v1');
    const lastReturns = runsOf.map((r) => r.metrics.filter((m) => m.name === 'return').pop()!.value as number);
    expect(breakout[5]!['point']).toBeCloseTo(lastReturns.reduce((a, b) => a + b, 0) / 3, 9);
    expect(breakout[5]!['upper'] as number).toBeGreaterThan(breakout[5]!['lower'] as number);
    // Diagnostics every other iteration: 3 points per task, method and metric, each over 3 seeds.
    const srank = values(model, 'diagnostics').filter((v) => v['series'] === 'DQN w=1 dense' && v['task'] === 'MinAtar/Breakout-v1' && v['metric'] === 'SRank');
    expect(srank).toHaveLength(3);
  });

  it('should keep two variants that share a sparsity apart in the scaling figures', () => {
    // A second schedule to 95% at width 1: the fixture's pruned runs, relabelled, with other scores.
    const relabel = (run: RunData, variant: string, shift: number): RunData => ({
      ...run,
      id: `${variant}/${run.id}`,
      meta: { ...run.meta, method: `${variant} w=${run.meta.factors!['width']}`, factors: { ...run.meta.factors, variant } },
      metrics: run.metrics.map((m) => (m.name === 'return' ? { ...m, value: (m.value as number) + shift } : m)),
    });
    const pruned = jittered.filter((r) => r.meta.factors!['sparsity'] === 0.95 && (r.meta.factors!['width'] === 1 || r.meta.factors!['width'] === 5));
    const dense = jittered.filter((r) => r.meta.factors!['sparsity'] === 0 && (r.meta.factors!['width'] === 1 || r.meta.factors!['width'] === 5));
    const model = buildReportModel([...dense.map((r) => relabel(r, 'dense', 0)), ...pruned.map((r) => relabel(r, 'gmp', 0)), ...pruned.map((r) => relabel(r, 'gmp-early', 20))], options);
    const width = values(model, 'width-scaling');
    expect(new Set(width.map((v) => v['series']))).toEqual(new Set(['dense', 'gmp', 'gmp-early']));
    expect(width.filter((v) => v['series'] === 'gmp')).toHaveLength(2);
    const at = (series: string, x: number): number => width.find((v) => v['series'] === series && v['x'] === x)!['point'] as number;
    expect(at('gmp-early', 1)).toBeGreaterThan(at('gmp', 1));
    expect(at('gmp', 1)).toBeCloseTo(model.aggregates['gmp w=1']!.iqm!.point, 12);
    const sparsity = values(model, 'sparsity-sweep');
    expect(new Set(sparsity.map((v) => v['series']))).toEqual(new Set(['width ×1', 'width ×5', 'width ×1 · gmp', 'width ×1 · gmp-early', 'width ×5 · gmp', 'width ×5 · gmp-early']));
  });

  it('should draw no interval where a method or a group has one run on some task', () => {
    const single = jittered.filter((r) => r.meta.seed === 0 || r.meta.task !== 'MinAtar/Asterix-v1');
    const model = buildReportModel(single, options);
    expect(model.withoutIntervals.size).toBe(model.methods.length);
    const drawn = (v: Record<string, unknown>): boolean => Number.isFinite(v['lower']) || Number.isFinite(v['upper']);
    for (const id of ['aggregate-intervals', 'performance-profile', 'sample-efficiency', 'width-scaling', 'sparsity-sweep']) expect(values(model, id).filter(drawn)).toEqual([]);
    // Per task: Breakout keeps its 3 seeds and their intervals; Asterix has one seed and none.
    const curves = values(model, 'learning-curves');
    expect(curves.filter((v) => v['panel'] === 'MinAtar/Breakout-v1').every(drawn)).toBe(true);
    expect(curves.filter((v) => v['panel'] === 'MinAtar/Asterix-v1').some(drawn)).toBe(false);
    // With every seed, intervals are drawn again.
    expect(values(buildReportModel(jittered, options), 'aggregate-intervals').every(drawn)).toBe(true);
  });
});

describe('buildReportModel with unfinished runs', () => {
  it('should leave runs that are not complete out of the statistics, list them and say so', () => {
    const all = buildReportModel(runs, options);
    const first = runs[0]!;
    const running = runs.map((r) => (r.id === first.id ? { ...r, meta: { ...r.meta, status: 'running' } } : r));
    const model = buildReportModel(running, options);
    expect(model.runs).toHaveLength(runs.length);
    expect(model.notes.join(' ')).toMatch(new RegExp(`1 run is not complete \\(${first.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: running\\)`));
    const method = first.meta.method;
    const count = (m: typeof model) => m.raw.tasks(method).reduce((n, t) => n + m.raw.seeds(method, t).length, 0);
    expect(count(model)).toBe(count(all) - 1);
  });
});

function model() {
  return buildReportModel(runs, options);
}
