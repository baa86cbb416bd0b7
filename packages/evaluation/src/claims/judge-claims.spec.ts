import { ConfigError } from '@prunerl/core';
import type { RunData } from '../report/run-data';
import { judgeClaims } from './judge-claims';

const TASKS = ['A', 'B', 'C'];

/** Runs of `method`: per task, one run per score, each logging `return` at two steps (last = score). */
function runsOf(method: string, scores: Readonly<Record<string, readonly number[]>>, extra: (score: number) => Record<string, number> = () => ({})): RunData[] {
  return Object.entries(scores).flatMap(([task, values]) =>
    values.map((score, seed) => ({
      id: `${method}/${task}/${seed}`,
      config: {},
      meta: { method, task, seed },
      metrics: [
        { step: 1, name: 'return', value: 0 },
        { step: 2, name: 'return', value: score },
        ...Object.entries(extra(score)).map(([name, value]) => ({ step: 2, name, value })),
      ],
    })),
  );
}

const spread = (centre: number): Record<string, number[]> => Object.fromEntries(TASKS.map((t, i) => [t, [centre + i - 0.2, centre + i, centre + i + 0.2, centre + i + 0.1, centre + i - 0.1]]));
const claim = { claim: 'X beats Y', better: 'X', than: 'Y' };

describe(judgeClaims.name, () => {
  it('should find that a clear win holds, with the difference interval above 0 and P(improvement) 1', () => {
    const [verdict] = judgeClaims([...runsOf('X', spread(10)), ...runsOf('Y', spread(5))], [claim], { bootstrap: { reps: 500 } });
    expect(verdict!.verdict).toBe('holds');
    expect(verdict!.difference!.point).toBeCloseTo(5, 10);
    expect(verdict!.difference!.lower).toBeGreaterThan(0);
    expect(verdict!.probabilityOfImprovement).toEqual({ point: 1, lower: 1, upper: 1 });
    expect(verdict!.tasks).toEqual(TASKS);
    expect(verdict!.runs).toEqual({ better: 15, than: 15 });
    expect(verdict!.reason).toMatch(/IQM difference 5\.000 \[.*\].*excludes 0 in the claimed direction/);
  });

  it('should find that a clear loss refutes the claim', () => {
    const [verdict] = judgeClaims([...runsOf('X', spread(1)), ...runsOf('Y', spread(5))], [claim], { bootstrap: { reps: 500 } });
    expect(verdict!.verdict).toBe('refuted');
    expect(verdict!.difference!.upper).toBeLessThan(0);
    expect(verdict!.probabilityOfImprovement!.point).toBe(0);
  });

  it('should call a tie inconclusive: the interval contains 0', () => {
    const noisy = (shift: number): Record<string, number[]> => Object.fromEntries(TASKS.map((t) => [t, [1, 3, 5, 7, 9].map((v, i) => v + (i % 2 === 0 ? shift : -shift))]));
    const [verdict] = judgeClaims([...runsOf('X', noisy(0.1)), ...runsOf('Y', noisy(-0.1))], [claim], { bootstrap: { reps: 500 } });
    expect(verdict!.verdict).toBe('inconclusive');
    expect(verdict!.difference!.lower).toBeLessThan(0);
    expect(verdict!.difference!.upper).toBeGreaterThan(0);
    expect(verdict!.probabilityOfImprovement!.lower).toBeLessThan(0.5);
    expect(verdict!.probabilityOfImprovement!.upper).toBeGreaterThan(0.5);
  });

  it('should not judge one run per task, and give no interval', () => {
    const one = (v: number): Record<string, number[]> => Object.fromEntries(TASKS.map((t) => [t, [v]]));
    const [verdict] = judgeClaims([...runsOf('X', one(10)), ...runsOf('Y', one(1))], [claim]);
    expect(verdict!.verdict).toBe('not judged');
    expect(verdict!.reason).toMatch(/One run per task/);
    expect(verdict!.difference).toEqual({ point: 9, lower: 9, upper: 9 });
    expect(verdict!.probabilityOfImprovement).toBeUndefined();
  });

  it('should judge "lower is better" on another metric, at its last value, raw', () => {
    const runs = [...runsOf('X', spread(10), (s) => ({ dormant: s / 100 })), ...runsOf('Y', spread(5), (s) => ({ dormant: s / 10 }))];
    const normalizer = (): number => Number.NaN;
    const [lower, higher] = judgeClaims(
      runs,
      [
        { ...claim, score: 'dormant', direction: 'lower', metric: 'mean' },
        { ...claim, score: 'dormant', metric: 'mean' },
      ],
      { bootstrap: { reps: 300 }, normalizer },
    );
    // X's dormant fraction is ~0.11, Y's ~0.6: lower holds, higher is refuted; the normaliser
    // (which would give NaN) applies to the score metric only.
    expect(lower!.verdict).toBe('holds');
    expect(lower!.probabilityOfImprovement!.point).toBe(1);
    expect(higher!.verdict).toBe('refuted');
  });

  it('should normalise the score metric and average the last finalWindow scores', () => {
    const runs = [...runsOf('X', spread(10)), ...runsOf('Y', spread(5))];
    const [verdict] = judgeClaims(runs, [{ ...claim, metric: 'mean' }], { finalWindow: 2, normalizer: (s) => 2 * s, bootstrap: { reps: 100 } });
    // Each run's final score is (0 + score) / 2, doubled by the normaliser: the difference stays 5.
    expect(verdict!.difference!.point).toBeCloseTo(5, 10);
  });

  it('should not judge a method without runs, a metric nobody logged, or methods without a shared task', () => {
    const runs = [...runsOf('X', { A: [1, 2] }), ...runsOf('Y', { B: [1, 2] })];
    const verdicts = judgeClaims(runs, [
      { ...claim, better: 'Z' },
      { ...claim, score: 'missing' },
      claim,
    ]);
    expect(verdicts.map((v) => [v.verdict, v.reason])).toEqual([
      ['not judged', 'No run of "Z".'],
      ['not judged', 'No run of "X" logged the metric "missing".'],
      ['not judged', 'The two methods share no task.'],
    ]);
  });

  it('should be deterministic and reject a malformed claim naming the field', () => {
    const runs = [...runsOf('X', spread(5.2)), ...runsOf('Y', spread(5))];
    expect(judgeClaims(runs, [claim], { bootstrap: { reps: 200, seed: 3 } })).toEqual(judgeClaims(runs, [claim], { bootstrap: { reps: 200, seed: 3 } }));
    expect(() => judgeClaims(runs, [{ ...claim, than: 'X' }])).toThrow(ConfigError);
    expect(() => judgeClaims(runs, [{ ...claim, metric: 'max' as never }])).toThrow(/claims\[0\]\.metric/);
  });
});
