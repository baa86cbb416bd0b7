import { ConfigError, ShapeError } from '@prunerl/core';
import type { ScoreRecord } from './score-record';
import { ScoreTable } from './score-table';

function records(): ScoreRecord[] {
  const out: ScoreRecord[] = [];
  // dense: 3 seeds on Pong, 2 on Breakout (ragged); pruned: 2 seeds on both. Steps 100, 200.
  for (const [method, task, seeds] of [
    ['dense', 'Pong', [0, 1, 2]],
    ['dense', 'Breakout', [0, 1]],
    ['pruned', 'Pong', [0, 1]],
    ['pruned', 'Breakout', [5, 6]],
  ] as const) {
    for (const seed of seeds) {
      for (const step of [200, 100]) out.push({ method, task, seed, step, score: seed * 10 + step / 100 + (method === 'pruned' ? 0.5 : 0) });
    }
  }
  return out;
}

describe('ScoreTable', () => {
  describe('.fromRecords', () => {
    it('should index methods, tasks, seeds and steps in first-appearance order', () => {
      const table = ScoreTable.fromRecords(records());
      expect(table.methods()).toEqual(['dense', 'pruned']);
      expect(table.tasks()).toEqual(['Pong', 'Breakout']);
      expect(table.seeds('dense', 'Pong')).toEqual([0, 1, 2]);
      expect(table.steps()).toEqual([100, 200]);
      expect(table.records()).toHaveLength(18);
    });

    it('should reject malformed records and duplicate steps, naming them', () => {
      expect(() => ScoreTable.fromRecords([{ method: 'a', task: 't', seed: 0, step: 1, score: Number.NaN }])).toThrow(/records\[0\].score: expected a finite number/);
      expect(() => ScoreTable.fromRecords([{ method: '', task: 't', seed: 0, step: 1, score: 1 }])).toThrow(ShapeError);
      const twice = [
        { method: 'a', task: 't', seed: 0, step: 1, score: 1 },
        { method: 'a', task: 't', seed: 0, step: 1, score: 2 },
      ];
      expect(() => ScoreTable.fromRecords(twice)).toThrow(/at most one score per step/);
    });

    it('should keep seeds 1 and "1" apart', () => {
      const table = ScoreTable.fromRecords([
        { method: 'a', task: 't', seed: 1, step: 1, score: 1 },
        { method: 'a', task: 't', seed: '1', step: 1, score: 2 },
      ]);
      expect(table.seeds('a', 't')).toEqual([1, '1']);
    });
  });

  describe('.finalScores', () => {
    it('should take each run last score, task-major, ragged', () => {
      const table = ScoreTable.fromRecords(records());
      expect(table.finalScores('dense')).toEqual([
        [2, 12, 22],
        [2, 12],
      ]);
      expect(table.finalScores('dense', { window: 2 })).toEqual([
        [1.5, 11.5, 21.5],
        [1.5, 11.5],
      ]);
    });

    it('should name a task the method has no run on, and unknown methods', () => {
      const table = ScoreTable.fromRecords(records());
      expect(() => table.finalScores('dense', { tasks: ['Seaquest'] })).toThrow(/Seaquest/);
      expect(() => table.finalScores('rigl')).toThrow(ConfigError);
    });
  });

  describe('.finalScoreDict', () => {
    it('should align every method on the shared tasks', () => {
      const table = ScoreTable.fromRecords([...records(), { method: 'dense', task: 'Seaquest', seed: 0, step: 100, score: 1 }]);
      expect(table.sharedTasks()).toEqual(['Pong', 'Breakout']);
      const dict = table.finalScoreDict();
      expect(Object.keys(dict)).toEqual(['dense', 'pruned']);
      expect(dict.pruned).toEqual([
        [2.5, 12.5],
        [52.5, 62.5],
      ]);
    });
  });

  describe('.scoresOverSteps', () => {
    it('should keep only steps every task was scored at', () => {
      const table = ScoreTable.fromRecords([...records(), { method: 'dense', task: 'Pong', seed: 0, step: 300, score: 9 }]);
      const { steps, scores } = table.scoresOverSteps('dense');
      expect(steps).toEqual([100, 200]);
      expect(scores[0]).toEqual([
        [1, 11, 21],
        [1, 11],
      ]);
    });

    it("should align runs by record, not step, when asked: the k-th score of each run at their mean step", () => {
      // Per-iteration records that end at episode ends: no two runs share a step.
      const table = ScoreTable.fromRecords([
        { method: 'gmp', task: 'Breakout', seed: 0, step: 20_000, score: 1 },
        { method: 'gmp', task: 'Breakout', seed: 0, step: 40_004, score: 2 },
        { method: 'gmp', task: 'Breakout', seed: 1, step: 20_166, score: 3 },
        { method: 'gmp', task: 'Breakout', seed: 1, step: 40_186, score: 4 },
        { method: 'gmp', task: 'Breakout', seed: 1, step: 60_200, score: 5 },
        { method: 'gmp', task: 'Asterix', seed: 0, step: 20_010, score: 7 },
        { method: 'gmp', task: 'Asterix', seed: 0, step: 40_020, score: 8 },
      ]);
      expect(table.scoresOverSteps('gmp').steps).toEqual([]);
      const { steps, scores } = table.scoresOverSteps('gmp', undefined, { align: 'record' });
      // The third record exists on Breakout only: not every task has a run there.
      expect(steps).toEqual([(20_000 + 20_166 + 20_010) / 3, (40_004 + 40_186 + 40_020) / 3]);
      expect(scores).toEqual([
        [[1, 3], [7]],
        [[2, 4], [8]],
      ]);
      expect(table.scoresOverSteps('gmp', ['Breakout'], { align: 'record' }).scores[2]).toEqual([[5]]);
    });
  });

  describe('.normalize', () => {
    it('should map every score by task and leave the original unchanged', () => {
      const table = ScoreTable.fromRecords(records());
      const normalized = table.normalize((score, task) => (task === 'Pong' ? score / 2 : -score));
      expect(normalized.finalScores('dense')).toEqual([
        [1, 6, 11],
        [-2, -12],
      ]);
      expect(table.finalScores('dense')[0]).toEqual([2, 12, 22]);
      expect(table.filter((m) => m === 'pruned').methods()).toEqual(['pruned']);
    });
  });
});
