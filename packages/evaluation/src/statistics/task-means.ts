import type { ScoresByTask } from '../scores/scores-by-task';

/** Each task's mean over its runs (the per-task sample mean rliable's mean and median start from). */
export function taskMeans(scores: ScoresByTask): Float64Array {
  const out = new Float64Array(scores.length);
  for (let t = 0; t < scores.length; t++) {
    const runs = scores[t]!;
    let sum = 0;
    for (let r = 0; r < runs.length; r++) sum += runs[r]!;
    out[t] = sum / runs.length;
  }
  return out;
}
