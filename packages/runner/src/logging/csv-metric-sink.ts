import type { MetricRecord, MetricSink } from '@prunerl/core';
import { AppendLogFile } from './append-log-file';

/** The columns of {@link CsvMetricSink}, in order. */
export const CSV_METRIC_COLUMNS = ['step', 'name', 'value', 'iteration', 'phase', 'seed'] as const;

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes scalar records in long format (`step,name,value,iteration,phase,seed`), one row each, a
 * shape spreadsheets and pandas read directly and which stays valid when a plugin adds metrics
 * midway. Histogram records are skipped (the JSONL log keeps them).
 */
export class CsvMetricSink implements MetricSink {
  readonly file: AppendLogFile;

  constructor(path: string) {
    this.file = new AppendLogFile(path);
    if (this.file.offset === 0) this.file.append(`${CSV_METRIC_COLUMNS.join(',')}\n`);
  }

  write(record: MetricRecord): void {
    if (typeof record.value !== 'number') return;
    const tags = record.tags ?? {};
    this.file.append(`${[record.step, record.name, record.value, tags.iteration, tags.phase, tags.seed].map(cell).join(',')}\n`);
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}
