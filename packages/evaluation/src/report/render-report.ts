import { renderSvg } from '../plots/render-svg';
import { AGGREGATE_METRIC_TITLES, type AggregateMetric } from '../statistics/aggregate-estimates';
import type { IntervalEstimate } from '../statistics/interval-estimate';
import { escapeHtml, formatDuration, formatInteger, formatNumber, htmlTable, REPORT_CSS } from './html';
import type { ClaimVerdict } from '../claims/claim';
import { buildReportModel, type ReportFigure, type ReportModel } from './report-model';
import type { ReportOptions } from './report-options';
import type { RunData } from './run-data';

const SECTIONS: readonly { readonly id: string; readonly title: string; readonly note: string }[] = [
  { id: 'final', title: 'Final performance', note: 'Final scores aggregated over tasks and seeds (rliable protocol: IQM, median, mean, optimality gap; stratified bootstrap).' },
  { id: 'curves', title: 'Learning curves', note: 'Scores over training.' },
  { id: 'scaling', title: 'Scaling', note: 'Aggregates against the experiment factors recorded in each run’s meta.json.' },
  { id: 'sparsity', title: 'Sparsity', note: 'How much of each network is pruned over training.' },
  { id: 'diagnostics', title: 'Network diagnostics', note: 'Measured by the diagnostics probe on a batch of states every N updates (PAPER.md 4.4-4.8).' },
];

/**
 * Renders the report of a set of runs as one self-contained HTML page: every figure an inline SVG
 * (vega-lite, rendered here), tables of final aggregates with confidence intervals and per-task
 * scores, and each run's metadata (config, seed, versions, backend, wall time, environment steps per
 * second). No scripts, fonts or other resources are loaded: the file opens offline. File-system
 * access lives in `@prunerl/evaluation/node` (`buildReport(runsDir)`).
 */
export async function renderReport(runs: readonly RunData[], options: ReportOptions = {}): Promise<string> {
  return renderReportModel(buildReportModel(runs, options));
}

/** The page of a computed report model: its figures rendered to SVG, then {@link reportHtml}. */
export async function renderReportModel(model: ReportModel): Promise<string> {
  return reportHtml(model, await renderFigures(model));
}

/** Every figure of a report model rendered to SVG, by figure id (for the page, or files of their own). */
export async function renderFigures(model: ReportModel): Promise<Map<string, string>> {
  const rendered = new Map<string, string>();
  for (const figure of model.figures) rendered.set(figure.id, await renderSvg(figure.spec));
  return rendered;
}

/** The page for a computed model and its rendered SVGs (by figure id). */
export function reportHtml(model: ReportModel, svgs: ReadonlyMap<string, string>): string {
  const figure = (f: ReportFigure): string =>
    `<figure class="plot" id="fig-${escapeHtml(f.id)}" data-plot="${escapeHtml(f.id)}"><h3>${escapeHtml(f.title)}</h3>${svgs.get(f.id) ?? ''}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`;
  const sections = SECTIONS.map((section) => {
    const figures = model.figures.filter((f) => f.section === section.id);
    const tables = section.id === 'final' ? finalTables(model) : section.id === 'curves' ? perTaskTable(model) : '';
    if (figures.length === 0 && tables === '') return '';
    return `<section id="${section.id}"><h2>${escapeHtml(section.title)}</h2><p class="note">${escapeHtml(section.note)}</p>${tables}${figures.map(figure).join('')}</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@prunerl/evaluation">
<title>${escapeHtml(model.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(model.title)}</h1><p>${model.runs.length} runs · ${model.methods.length} methods · ${model.tasks.length} tasks · generated ${escapeHtml(model.generatedAt)}</p></header>
<main>
${summary(model)}
${claimsSection(model)}
${sections}
${runsSection(model)}
</main>
</body>
</html>
`;
}

function summary(model: ReportModel): string {
  const seedCounts = model.methods.flatMap((m) => model.raw.tasks(m).map((t) => model.raw.seeds(m, t).length));
  const seeds = seedCounts.length === 0 ? '—' : Math.min(...seedCounts) === Math.max(...seedCounts) ? String(seedCounts[0]) : `${Math.min(...seedCounts)}–${Math.max(...seedCounts)} (ragged)`;
  const items: [string, string][] = [
    ['Methods', model.methods.map(escapeHtml).join(', ')],
    ['Tasks', model.tasks.map(escapeHtml).join(', ')],
    ['Seeds per task', seeds],
    ['Score', escapeHtml(model.normalizer ? `${model.scoreLabel}: (score − random) / (reference − random), ${model.normalizer.label}` : 'raw score (no normalisation)')],
    ['Intervals', `${Math.round(model.bootstrap.confidence * 100)}% percentile stratified bootstrap, ${model.bootstrap.reps} replicates, seed ${model.bootstrap.seed}`],
  ];
  const anchors = model.normalizer
    ? htmlTable(
        ['Task', 'Random (0)', 'Reference (1)'],
        model.raw.tasks().flatMap((task) => {
          if (!model.normalizer!.has(task)) return [];
          const a = model.normalizer!.anchors(task);
          return [[escapeHtml(task), `<span class="num">${formatNumber(a.random, 2)}</span>`, `<span class="num">${formatNumber(a.reference, 2)}</span>`]];
        }),
      )
    : '';
  const notes = model.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return `<section id="summary"><h2>Summary</h2><dl class="summary">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${notes}${anchors ? `<details><summary>Normalisation anchors</summary>${anchors}</details>` : ''}</section>`;
}

function interval(e: IntervalEstimate | undefined, digits = 3, withInterval = true): string {
  if (!e) return '—';
  if (!withInterval) return `${formatNumber(e.point, digits)} <span class="ci">(no interval)</span>`;
  return `${formatNumber(e.point, digits)} <span class="ci">[${formatNumber(e.lower, digits)}, ${formatNumber(e.upper, digits)}]</span>`;
}

function finalTables(model: ReportModel): string {
  const methods = Object.keys(model.aggregates);
  if (methods.length === 0) return '';
  const metrics: AggregateMetric[] = ['iqm', 'median', 'mean', 'optimalityGap'];
  const rows = methods.map((m) => {
    const tasks = model.raw.tasks(m);
    const runs = tasks.reduce((n, t) => n + model.raw.seeds(m, t).length, 0);
    return [escapeHtml(m), ...metrics.map((k) => `<span class="num">${interval(model.aggregates[m]![k], 3, !model.withoutIntervals.has(m))}</span>`), String(tasks.length), String(runs)];
  });
  const table = htmlTable(['Method', ...metrics.map((k) => `${AGGREGATE_METRIC_TITLES[k]} [${Math.round(model.bootstrap.confidence * 100)}% CI]`), 'Tasks', 'Runs'], rows);
  const poi = model.improvements.length
    ? htmlTable(
        ['X', 'Y', `P(X > Y) [${Math.round(model.bootstrap.confidence * 100)}% CI]`],
        model.improvements.map((e) => [escapeHtml(e.x), escapeHtml(e.y), `<span class="num">${interval(e)}</span>`]),
      )
    : '';
  return `<h3>Final ${escapeHtml(model.scoreLabel)}</h3>${table}${poi}`;
}

const VERDICT_TITLES: Readonly<Record<ClaimVerdict['verdict'], string>> = { holds: 'holds', refuted: 'refuted', inconclusive: 'inconclusive', 'not judged': 'not judged' };

/** The claims declared before the runs, each with its verdict and the numbers behind it. */
function claimsSection(model: ReportModel): string {
  if (model.claims.length === 0) return '';
  const percent = `${Math.round(model.bootstrap.confidence * 100)}%`;
  const rows = model.claims.map((v) => {
    const judged = v.verdict !== 'not judged';
    const metric = (v.claim.metric ?? 'iqm').toUpperCase().replace('MEAN', 'Mean').replace('MEDIAN', 'Median');
    const score = v.claim.score ?? 'score';
    return [
      escapeHtml(v.claim.claim),
      `<strong class="verdict verdict-${v.verdict.replace(' ', '-')}">${VERDICT_TITLES[v.verdict]}</strong>`,
      `${escapeHtml(v.claim.better)} vs ${escapeHtml(v.claim.than)}<br><span class="ci">${escapeHtml(metric)} of ${escapeHtml(score)}${v.claim.direction === 'lower' ? ' (lower is better)' : ''}</span>`,
      `<span class="num">${interval(v.better, 3, judged)}<br>${interval(v.than, 3, judged)}</span>`,
      `<span class="num">${interval(v.difference, 3, judged)}</span>`,
      `<span class="num">${interval(v.probabilityOfImprovement, 3, judged)}</span>`,
      `${v.runs.better} vs ${v.runs.than}`,
      escapeHtml(v.reason),
    ];
  });
  const table = htmlTable(['Claim', 'Verdict', 'Compared', 'Aggregates', `Difference [${percent} CI]`, `P(improvement) [${percent} CI]`, 'Runs', 'Why'], rows, 'data claims');
  return `<section id="claims"><h2>Claims</h2><p class="note">Claims declared before the runs. A claim holds when the ${percent} stratified-bootstrap interval of the difference (better − than) excludes 0 in the claimed direction, is refuted when it excludes 0 the other way, and is inconclusive when it contains 0.</p><div class="table-scroll">${table}</div></section>`;
}

function perTaskTable(model: ReportModel): string {
  const methods = Object.keys(model.perTaskFinal);
  if (methods.length === 0) return '';
  const tasks = model.raw.tasks();
  const rows = tasks.map((task) => [
    escapeHtml(task),
    ...methods.map((m) => {
      const e = model.perTaskFinal[m]![task];
      return e ? `<span class="num">${interval(e, 2, e.runs > 1)} <span class="ci">n=${e.runs}</span></span>` : '—';
    }),
  ]);
  return `<h3>Final raw score per task (mean over seeds)</h3>${htmlTable(['Task', ...methods.map(escapeHtml)], rows)}`;
}

/** A field's value when every run has the same one (shown once in the summary), else undefined. */
function commonValue(model: ReportModel, read: (run: RunData) => string | undefined): string | undefined {
  const values = new Set(model.runs.map(read));
  return values.size === 1 ? [...values][0] : undefined;
}

function versionsOf(run: RunData): string | undefined {
  return run.meta.versions ? Object.entries(run.meta.versions).map(([k, v]) => `${k} ${v}`).join(', ') : undefined;
}

function runsSection(model: ReportModel): string {
  const backend = commonValue(model, (r) => r.meta.backend);
  const versions = commonValue(model, versionsOf);
  const columns: { title: string; cell: (run: RunData) => string }[] = [
    { title: 'Run', cell: (r) => `<code>${escapeHtml(r.id)}</code>` },
    { title: 'Method', cell: (r) => escapeHtml(r.meta.method) },
    { title: 'Task', cell: (r) => escapeHtml(r.meta.task) },
    { title: 'Seed', cell: (r) => escapeHtml(String(r.meta.seed)) },
    { title: 'Status', cell: (r) => escapeHtml(r.meta.status ?? '—') },
    { title: 'Wall time', cell: (r) => `<span class="num">${formatDuration(r.meta.wallTimeSeconds)}</span>` },
    { title: 'Env steps', cell: (r) => `<span class="num">${formatInteger(r.meta.envSteps)}</span>` },
    { title: 'Env steps/s', cell: (r) => `<span class="num">${formatNumber(stepsPerSecond(r), 1)}</span>` },
    { title: 'Updates', cell: (r) => `<span class="num">${formatInteger(r.meta.gradientUpdates)}</span>` },
    { title: 'Final score', cell: (r) => `<span class="num">${formatNumber(model.runFinals[r.id], 2)}</span>` },
    { title: 'Started', cell: (r) => escapeHtml(r.meta.startedAt ?? '—') },
  ];
  if (backend === undefined) columns.push({ title: 'Backend', cell: (r) => escapeHtml(r.meta.backend ?? '—') });
  if (versions === undefined) columns.push({ title: 'Versions', cell: (r) => escapeHtml(versionsOf(r) ?? '—') });
  columns.push({ title: 'Config', cell: (r) => `<details><summary>config.json</summary><pre>${escapeHtml(JSON.stringify(r.config, null, 2))}</pre></details>` });
  const table = htmlTable(
    columns.map((c) => c.title),
    model.runs.map((run) => columns.map((c) => c.cell(run))),
    'data runs',
  );
  const shared = [
    backend !== undefined ? `<dt>Backend</dt><dd>${escapeHtml(backend)}</dd>` : '',
    versions !== undefined ? `<dt>Versions</dt><dd>${escapeHtml(versions)}</dd>` : '',
    `<dt>Total wall time</dt><dd>${formatDuration(model.runs.reduce((t, r) => t + (r.meta.wallTimeSeconds ?? 0), 0))}</dd>`,
    `<dt>Total env steps</dt><dd>${formatInteger(model.runs.reduce((t, r) => t + (r.meta.envSteps ?? 0), 0))}</dd>`,
  ].join('');
  return `<section id="runs"><h2>Runs</h2><p class="note">One row per run directory (meta.json, config.json, metrics.jsonl). The final score is the run’s raw last score.</p><dl class="summary">${shared}</dl><div class="table-scroll">${table}</div></section>`;
}

function stepsPerSecond(run: RunData): number | undefined {
  const m = run.meta;
  return m.envStepsPerSecond ?? (m.envSteps !== undefined && m.wallTimeSeconds ? m.envSteps / m.wallTimeSeconds : undefined);
}
