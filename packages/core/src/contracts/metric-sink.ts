/** One logged value. */
export interface MetricRecord {
  /** The x-axis: agent steps, gradient updates or iterations, as the writer documents. */
  readonly step: number;
  readonly name: string;
  /** A scalar, or the values of a histogram. */
  readonly value: number | readonly number[];
  /** Extra labels (`seed`, `iteration`, `phase`). */
  readonly tags?: Readonly<Record<string, string | number>>;
}

/** Receives metrics: JSONL and CSV files, a console table, a test spy. */
export interface MetricSink {
  write(record: MetricRecord): void;
  flush?(): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** DI token of {@link MetricSink} (multi-bound: every bound sink receives every record). */
export const MetricSink = Symbol.for('@prunerl/core/MetricSink');
