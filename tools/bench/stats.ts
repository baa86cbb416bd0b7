/** Median, min and max of timing samples, for benchmark tables. */
export interface TimingSummary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
}

/** Summarises samples (milliseconds or any unit). */
export function summarise(samples: readonly number[]): TimingSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0]!, max: sorted[n - 1]!, samples: n };
}

/** Runs `fn` `warmup` times untimed, then `repeats` times timed; returns the summary in ms. */
export async function time(fn: () => unknown | Promise<unknown>, repeats: number, warmup = 3): Promise<TimingSummary> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

/** Formats a number of ms with 3 significant digits. */
export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
