import type { ClaimVerdict } from '../claims/claim';
import { AGGREGATE_METRIC_TITLES, type AggregateMetric } from '../statistics/aggregate-estimates';
import type { IntervalEstimate } from '../statistics/interval-estimate';
import { formatNumber } from './html';
import type { ReportModel } from './report-model';

/**
 * The report's numbers as Markdown, for a README or a paper's notes: the claims with their
 * verdicts, the final aggregates per method with their intervals, and the per-task means. The same
 * numbers as the HTML page (one model), so nothing is copied by hand.
 */
export function reportMarkdown(model: ReportModel): string {
  const percent = `${Math.round(model.bootstrap.confidence * 100)}%`;
  const lines: string[] = [];
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const interval = (e: IntervalEstimate | undefined, withInterval: boolean, digits = 3): string =>
    !e ? '—' : withInterval ? `${formatNumber(e.point, digits)} [${formatNumber(e.lower, digits)}, ${formatNumber(e.upper, digits)}]` : `${formatNumber(e.point, digits)} (no interval)`;
  if (model.claims.length > 0) {
    lines.push(`| claim | verdict | ${'difference'} [${percent} CI] | P(improvement) [${percent} CI] | runs |`, '|---|---|---|---|---|');
    for (const v of model.claims) lines.push(`| ${cell(v.claim.claim)} | **${v.verdict}** | ${interval(v.difference, judged(v))} | ${interval(v.probabilityOfImprovement, judged(v))} | ${v.runs.better} vs ${v.runs.than} |`);
    lines.push('');
  }
  const methods = Object.keys(model.aggregates);
  if (methods.length > 0) {
    const metrics: AggregateMetric[] = ['iqm', 'median', 'mean', 'optimalityGap'];
    lines.push(`Final ${model.scoreLabel} (${percent} stratified-bootstrap intervals, ${model.bootstrap.reps} replicates):`, '');
    lines.push(`| method | ${metrics.map((k) => AGGREGATE_METRIC_TITLES[k]).join(' | ')} | runs |`, `|---|${metrics.map(() => '---').join('|')}|---|`);
    for (const m of methods) {
      const runs = model.raw.tasks(m).reduce((n, t) => n + model.raw.seeds(m, t).length, 0);
      lines.push(`| ${cell(m)} | ${metrics.map((k) => interval(model.aggregates[m]![k], !model.withoutIntervals.has(m))).join(' | ')} | ${runs} |`);
    }
    lines.push('');
    const tasks = model.raw.tasks();
    const perTask = Object.keys(model.perTaskFinal);
    lines.push('Final raw score per task (mean over seeds, bootstrap interval over seeds):', '');
    lines.push(`| task | ${perTask.map(cell).join(' | ')} |`, `|---|${perTask.map(() => '---').join('|')}|`);
    for (const task of tasks) {
      lines.push(`| ${cell(task)} | ${perTask.map((m) => { const e = model.perTaskFinal[m]![task]; return e ? interval(e, e.runs > 1, 2) : '—'; }).join(' | ')} |`);
    }
    lines.push('');
  }
  for (const note of model.notes) lines.push(`> ${note}`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function judged(v: ClaimVerdict): boolean {
  return v.verdict !== 'not judged';
}
