// The built @prunerl/evaluation must compute the same statistics in both formats and render plots
// and a report from dist (vega and vega-lite loaded as users load them), with its node entry.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/evaluation');
const cjs = require('@prunerl/evaluation');
const scores = { dense: [[0.1, 0.4, 0.3], [1.2, 0.9]], pruned: [[0.5, 0.6], [1.8, 1.1, 1.9]] };
const a = esm.aggregateEstimates(scores, { reps: 300, seed: 1 });
const b = cjs.aggregateEstimates(scores, { reps: 300, seed: 1 });
if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('ESM and CJS aggregate estimates differ');
if (a.dense.iqm.point !== esm.aggregateIqm(scores.dense)) throw new Error('IQM point estimate is not the IQM');

for (const lib of [esm, cjs]) {
  const svg = await lib.renderSvg(lib.learningCurvesSpec([{ label: 'x', points: [{ step: 1, point: 1, lower: 0, upper: 2 }, { step: 2, point: 2, lower: 1, upper: 3 }] }]));
  if (!svg.startsWith('<svg') || !svg.includes('Environment steps')) throw new Error('renderSvg did not produce the plot');
}

const node = await import('@prunerl/evaluation/node');
const nodeCjs = require('@prunerl/evaluation/node');
if (typeof nodeCjs.buildReport !== 'function') throw new Error('CJS node entry lacks buildReport');
const dir = mkdtempSync(join(tmpdir(), 'prunerl-eval-smoke-'));
try {
  for (const [method, bonus] of [['dense', 0], ['pruned', 2]]) {
    for (const seed of [0, 1]) {
      node.writeRunDirectory(join(dir, `${method}-${seed}`), {
        meta: { method, task: 'ALE/Pong-v5', seed, wallTimeSeconds: 10, envSteps: 1000 },
        config: { method },
        metrics: [1, 2, 3].map((i) => ({ step: i * 100, name: 'return', value: -20 + i * 3 + bonus + seed })),
      });
    }
  }
  const { path, runs } = await node.buildReport(dir, { bootstrap: { reps: 100 } });
  const html = readFileSync(path, 'utf8');
  if (runs !== 4 || !html.includes('human-normalised score') || (html.match(/<svg /g) ?? []).length < 4) throw new Error('buildReport output is incomplete');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
