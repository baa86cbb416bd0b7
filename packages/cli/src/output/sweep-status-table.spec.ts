import type { RunJobProgress, RunStatusRow } from '@prunerl/distributed';
import { formatSweepStatus, summariseSweepStatus } from './sweep-status-table';

const NOW = 1_000_000;
const progress = (worker: string, completedIterations: number, totalSteps: number): RunJobProgress => ({
  worker,
  updatedAt: NOW - 1_000,
  phase: 'train',
  iteration: completedIterations,
  iterations: 4,
  completedIterations,
  iterationSteps: 0,
  stepUnit: 'environment',
  stepsPerIteration: 400,
  totalSteps,
  plannedSteps: 1_600,
  stepsPerSecond: 1_234,
  episodes: 3,
  lastReturn: undefined,
});
const row = (id: string, changes: Partial<RunStatusRow>): RunStatusRow => ({
  id: `s/${id}`,
  sweep: 's',
  state: 'queued',
  worker: undefined,
  progress: undefined,
  result: undefined,
  attempts: 0,
  maxAttempts: 3,
  error: undefined,
  delayed: false,
  enqueuedAt: 0,
  startedAt: undefined,
  finishedAt: undefined,
  ...changes,
});

describe(formatSweepStatus.name, () => {
  it('should show each run\'s state, worker, how far it is, its speed and what happened to it', () => {
    const rows = [
      row('a/seed-0', { state: 'complete', worker: 'w1', result: { status: 'complete', worker: 'w1', processMs: 1, jobMs: 2, envSteps: 1_612, envStepsPerSecond: 950, resumedFrom: 2 } }),
      row('a/seed-1', { state: 'active', worker: 'w2', progress: progress('w2', 2, 900) }),
      row('a/seed-2', { state: 'active', worker: 'w3', progress: progress('w1', 1, 450) }),
      row('a/seed-3', { state: 'queued', attempts: 1, delayed: true, error: 'worker exited with signal SIGKILL' }),
      row('a/seed-4', { state: 'failed', worker: 'w2', attempts: 1, error: 'explodes on purpose' }),
      row('a/seed-5', { state: 'missing' }),
    ];
    expect(formatSweepStatus(rows, NOW)).toEqual([
      's: 6 runs: 1 complete, 2 active, 1 queued, 1 failed, 1 missing',
      '',
      'RUN         STATE     WORKER  PROGRESS                STEPS/S  NOTE',
      's/a/seed-0  complete  w1      done 1,612 steps            950  resumed from checkpoint 2',
      's/a/seed-1  active    w2      it 3/4 900/1,600 steps    1,234',
      's/a/seed-2  active    w3      starting, it 1/4 done            taken over from w1: resumes from its checkpoint',
      's/a/seed-3  queued                                             retry 2/3 after: worker exited with signal SIGKILL',
      's/a/seed-4  failed    w2                                       explodes on purpose',
      's/a/seed-5  missing                                            not in the queue (never enqueued, or cancelled)',
    ]);
  });

  it('should summarise every sweep of the queue', () => {
    expect(summariseSweepStatus([row('x', {}), { ...row('y', { state: 'complete' }), sweep: 't' }])).toEqual(['s: 1 run: 1 queued', 't: 1 run: 1 complete']);
  });
});
