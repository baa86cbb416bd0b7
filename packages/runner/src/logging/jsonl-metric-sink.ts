import type { MetricRecord, MetricSink } from '@prunerl/core';
import { AppendLogFile } from './append-log-file';

/**
 * Writes every record as one JSON line (`{"step":..,"name":..,"value":..,"tags":{..}}`).
 * Non-finite numbers are written as strings (`"NaN"`), which JSON cannot hold otherwise.
 */
export class JsonlMetricSink implements MetricSink {
  readonly file: AppendLogFile;

  constructor(path: string) {
    this.file = new AppendLogFile(path);
  }

  write(record: MetricRecord): void {
    this.file.append(`${JSON.stringify(record, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value))}\n`);
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}
