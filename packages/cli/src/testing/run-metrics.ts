import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A run's metrics.jsonl lines without wall-clock values (`time/*`), which differ between any two runs (tests only). */
export async function metricsWithoutTime(directory: string): Promise<string[]> {
  const text = await readFile(join(directory, 'metrics.jsonl'), 'utf8');
  return text.trim().split('\n').filter((line) => !line.includes('"name":"time/'));
}
