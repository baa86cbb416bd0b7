import type { ExperimentProgress } from '@prunerl/runner';
import cliProgress from 'cli-progress';
import type { CliOutput } from './cli-io';
import { formatCount, formatDuration } from './format-duration';

/** One line of progress: run label, iteration, steps, env steps/s, ETA, last return. */
export function describeProgress(label: string, p: ExperimentProgress): string {
  const remaining = Math.max(0, p.plannedSteps - p.totalSteps);
  const eta = p.completedIterations >= p.iterations ? 'done' : p.stepsPerSecond > 0 ? formatDuration(remaining / p.stepsPerSecond) : '?';
  const ret = p.lastReturn === undefined ? '' : ` | return ${p.lastReturn.toFixed(2)}`;
  return `${label} iteration ${p.completedIterations}/${p.iterations} done | ${formatCount(p.totalSteps)}/${formatCount(p.plannedSteps)} steps | ${formatCount(p.stepsPerSecond)} steps/s | ETA ${eta}${ret}`;
}

interface BarPayload {
  label: string;
  detail: string;
  speed: string;
  etaText: string;
}

/**
 * Progress bars (cli-progress) for one or many runs, with env steps/s and ETA; on a terminal only.
 * Without a terminal (CI logs, pipes) it prints one line per iteration instead; with --json it
 * emits throttled `progress` events; with --quiet nothing.
 */
export class ProgressDisplay {
  private readonly multibar: cliProgress.MultiBar | undefined;
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private readonly lastIteration = new Map<string, number>();
  private readonly lastEvent = new Map<string, number>();

  constructor(private readonly output: CliOutput) {
    if (output.interactive) {
      this.multibar = new cliProgress.MultiBar(
        {
          format: '{label} {bar} {percentage}% | {detail} | {speed} steps/s | ETA {etaText}',
          barsize: 24,
          hideCursor: true,
          clearOnComplete: false,
          stopOnComplete: false,
          fps: 5,
          stream: output.io.stderr,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
    }
  }

  /** Updates the bar of run `id` (created on first use). */
  update(id: string, label: string, progress: ExperimentProgress): void {
    const remaining = Math.max(0, progress.plannedSteps - progress.totalSteps);
    const payload: BarPayload = {
      label: label.padEnd(28).slice(0, 28),
      detail: `it ${progress.iteration + 1}/${progress.iterations}${progress.phase === 'eval' ? ' eval' : ''}${progress.lastReturn === undefined ? '' : ` ret ${progress.lastReturn.toFixed(2)}`}`,
      speed: formatCount(progress.stepsPerSecond),
      etaText: progress.stepsPerSecond > 0 ? formatDuration(remaining / progress.stepsPerSecond) : '?',
    };
    if (this.multibar) {
      let bar = this.bars.get(id);
      if (!bar) {
        bar = this.multibar.create(progress.plannedSteps, progress.totalSteps, payload);
        this.bars.set(id, bar);
      }
      bar.setTotal(Math.max(progress.plannedSteps, progress.totalSteps));
      bar.update(progress.totalSteps, payload);
      return;
    }
    if (this.output.mode.json) {
      const now = Date.now();
      if (now - (this.lastEvent.get(id) ?? 0) >= 1000) {
        this.lastEvent.set(id, now);
        this.output.event('progress', { run: id, ...progress });
      }
      return;
    }
    // Plain logs (no terminal): one line when an iteration completes in this process (a resumed
    // run's earlier iterations were reported by the process that ran them).
    const done = progress.completedIterations;
    const seen = this.lastIteration.get(id);
    this.lastIteration.set(id, done);
    if (seen !== undefined && done > seen) {
      this.output.info(describeProgress(label, progress));
    }
  }

  /** A message above the bars (or a plain line). */
  log(message: string): void {
    if (this.multibar) this.multibar.log(`${message}\n`);
    else this.output.info(message);
  }

  /** Removes the bar of a finished run. */
  finish(id: string): void {
    const bar = this.bars.get(id);
    if (bar && this.multibar) {
      this.multibar.remove(bar);
      this.bars.delete(id);
    }
  }

  stop(): void {
    this.multibar?.stop();
  }
}
