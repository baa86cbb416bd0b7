import { ShapeError } from '@prunerl/core';

/**
 * One score in long format: the score of one run (`method`, `task`, `seed`) at one point of training
 * (`step`, e.g. environment steps). A run is identified by (method, task, seed); it may have any
 * number of steps and tasks may have different numbers of seeds.
 */
export interface ScoreRecord {
  /** The algorithm or configuration (`DQN dense w=3`). */
  readonly method: string;
  /** The environment (`MinAtar/Breakout-v1`, `Pong`). */
  readonly task: string;
  readonly seed: number | string;
  /** Position in training, in the unit the writer chose (environment steps by convention). */
  readonly step: number;
  /** Raw or normalised score (usually the mean episode return over an iteration). */
  readonly score: number;
}

/** Throws a {@link ShapeError} naming the first malformed record (index and field). */
export function checkScoreRecord(record: ScoreRecord, index: number): void {
  const at = `records[${index}]`;
  if (record === null || typeof record !== 'object') {
    throw new ShapeError({ field: at, value: record, expected: 'an object { method, task, seed, step, score }' });
  }
  if (typeof record.method !== 'string' || record.method.length === 0) {
    throw new ShapeError({ field: `${at}.method`, value: record.method, expected: 'a non-empty string' });
  }
  if (typeof record.task !== 'string' || record.task.length === 0) {
    throw new ShapeError({ field: `${at}.task`, value: record.task, expected: 'a non-empty string' });
  }
  if (!((typeof record.seed === 'number' && Number.isFinite(record.seed)) || (typeof record.seed === 'string' && record.seed.length > 0))) {
    throw new ShapeError({ field: `${at}.seed`, value: record.seed, expected: 'a finite number or a non-empty string' });
  }
  if (typeof record.step !== 'number' || !Number.isFinite(record.step)) {
    throw new ShapeError({ field: `${at}.step`, value: record.step, expected: 'a finite number' });
  }
  if (typeof record.score !== 'number' || !Number.isFinite(record.score)) {
    throw new ShapeError({ field: `${at}.score`, value: record.score, expected: 'a finite number' });
  }
}
