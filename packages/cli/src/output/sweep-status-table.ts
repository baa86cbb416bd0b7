import type { RunQueueState, RunStatusRow } from '@prunerl/distributed';
import { formatCount, formatDuration } from './format-duration';

const ORDER: readonly RunQueueState[] = ['complete', 'active', 'queued', 'failed', 'missing'];

/** `<sweep>: 12 runs: 5 complete, 2 active, 4 queued, 1 failed` for each sweep in the rows. */
export function summariseSweepStatus(rows: readonly RunStatusRow[]): string[] {
  const sweeps = [...new Set(rows.map((row) => row.sweep))];
  return sweeps.map((sweep) => {
    const mine = rows.filter((row) => row.sweep === sweep);
    const counts = ORDER.map((state) => [state, mine.filter((row) => row.state === state).length] as const).filter(([, n]) => n > 0);
    return `${sweep}: ${mine.length} run${mine.length === 1 ? '' : 's'}: ${counts.map(([state, n]) => `${n} ${state}`).join(', ')}`;
  });
}

/** An active run's progress was published by an earlier worker: its new worker is still starting it. */
function takenOver(row: RunStatusRow): boolean {
  return row.state === 'active' && row.progress !== undefined && row.worker !== undefined && row.progress.worker !== row.worker;
}

function progressOf(row: RunStatusRow): string {
  const p = row.progress;
  if (takenOver(row)) return `starting, it ${p!.completedIterations}/${p!.iterations} done`;
  if (row.state === 'active' && p) return `it ${p.iteration + 1}/${p.iterations} ${formatCount(p.totalSteps)}/${formatCount(p.plannedSteps)} steps`;
  if (row.state === 'complete') {
    const steps = row.result?.envSteps ?? p?.totalSteps;
    return `done${steps === undefined ? '' : ` ${formatCount(steps)} steps`}`;
  }
  if (p) return `it ${p.completedIterations}/${p.iterations} done`;
  return '';
}

function speedOf(row: RunStatusRow): string {
  const speed = row.state === 'complete' ? (row.result?.envStepsPerSecond ?? row.progress?.stepsPerSecond) : row.state === 'active' && !takenOver(row) ? row.progress?.stepsPerSecond : undefined;
  return speed === undefined || speed === 0 ? '' : formatCount(speed);
}

function noteOf(row: RunStatusRow, now: number): string {
  const short = (text: string): string => (text.length > 100 ? `${text.slice(0, 97)}...` : text);
  switch (row.state) {
    case 'active': {
      if (takenOver(row)) return `taken over from ${row.progress!.worker}: resumes from its checkpoint`;
      const age = row.progress ? (now - row.progress.updatedAt) / 1000 : undefined;
      return age !== undefined && age > 10 ? `no progress for ${formatDuration(age)}` : '';
    }
    case 'queued':
      if (row.progress && row.attempts === 0) return `back in the queue from ${row.progress.worker} (resumes from its checkpoint)`;
      if (row.attempts > 0) return short(`retry ${row.attempts + 1}/${row.maxAttempts} after: ${row.error ?? 'an error'}`);
      return row.delayed ? 'waiting for a run it depends on, or for its directory' : '';
    case 'complete':
      return row.result?.status === 'skipped' ? 'already complete in the store' : row.result?.resumedFrom !== undefined ? `resumed from checkpoint ${row.result.resumedFrom}` : '';
    case 'failed':
      return short(row.error ?? 'failed');
    case 'missing':
      return 'not in the queue (never enqueued, or cancelled)';
  }
}

/**
 * The table of `prunerl sweep --status`: one line per run with its state, its worker, how far it
 * is (iteration, steps), its env steps/s and a note (retry, failure, resume).
 */
export function formatSweepStatus(rows: readonly RunStatusRow[], now = Date.now()): string[] {
  const header = ['RUN', 'STATE', 'WORKER', 'PROGRESS', 'STEPS/S', 'NOTE'];
  const lines = rows.map((row) => [row.id, row.state, row.state === 'queued' ? '' : (row.worker ?? ''), progressOf(row), speedOf(row), noteOf(row, now)]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 4 ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [...summariseSweepStatus(rows), '', render(header), ...lines.map(render)];
}
