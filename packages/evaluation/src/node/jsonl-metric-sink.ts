import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MetricRecord, MetricSink } from '@prunerl/core';
import { checkMetricRecord } from '../report/run-data';

/**
 * A {@link MetricSink} appending one JSON record per line to a file (a run directory's
 * `metrics.jsonl`). Records are buffered and appended on `flush()`, on `close()`, and whenever
 * `bufferSize` records are waiting, so a crash loses at most one buffer.
 */
export class JsonlMetricSink implements MetricSink {
  private buffer: string[] = [];

  constructor(
    readonly path: string,
    private readonly bufferSize = 256,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  write(record: MetricRecord): void {
    checkMetricRecord(record, 'JsonlMetricSink.write(record)');
    this.buffer.push(JSON.stringify(record));
    if (this.buffer.length >= this.bufferSize) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    appendFileSync(this.path, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }

  close(): void {
    this.flush();
  }
}
