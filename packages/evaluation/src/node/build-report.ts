import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '@prunerl/core';
import type { ClaimVerdict } from '../claims/claim';
import { renderFigures, reportHtml } from '../report/render-report';
import { reportMarkdown } from '../report/report-markdown';
import { buildReportModel } from '../report/report-model';
import type { ReportOptions } from '../report/report-options';
import { readRuns } from './read-runs';

/** Options of {@link buildReport}. */
export interface BuildReportOptions extends ReportOptions {
  /** Where to write the page. Default `<runsDir>/report.html`. */
  readonly out?: string;
  /**
   * Also write every figure as `<figure id>.svg` into this directory (for READMEs and papers; the
   * page itself inlines them).
   */
  readonly figuresDir?: string;
  /** Also write the report's numbers (claims, aggregates, per-task means) as Markdown to this file. */
  readonly markdown?: string;
}

/** What {@link buildReport} wrote. */
export interface BuildReportResult {
  readonly path: string;
  readonly runs: number;
  readonly bytes: number;
  /** The verdicts of `options.claims`, as the page shows them. */
  readonly claims: readonly ClaimVerdict[];
  /** The SVG files written to `figuresDir`, if given. */
  readonly figures: readonly string[];
}

/**
 * Reads every run under `runsDir` (see the package README for the run-directory format) and writes
 * one self-contained HTML report (inline SVG plots, tables, run metadata) that opens offline. The
 * file is written atomically (temp file + rename).
 *
 * @example
 * ```ts
 * import { buildReport } from '@prunerl/evaluation/node';
 * const { path } = await buildReport('runs/minatar-sweep', { bootstrap: { reps: 2000, seed: 0 } });
 * ```
 */
export async function buildReport(runsDir: string, options: BuildReportOptions = {}): Promise<BuildReportResult> {
  const { out = join(runsDir, 'report.html'), figuresDir, markdown, ...reportOptions } = options;
  const runs = readRuns(runsDir);
  if (runs.length === 0) throw new ConfigError({ field: 'runsDir', value: runsDir, expected: 'a directory with at least one run (a subdirectory containing meta.json)' });
  const model = buildReportModel(runs, reportOptions);
  const svgs = await renderFigures(model);
  const html = reportHtml(model, svgs);
  const figures: string[] = [];
  if (figuresDir !== undefined) {
    mkdirSync(figuresDir, { recursive: true });
    for (const [id, svg] of svgs) {
      const path = join(figuresDir, `${id}.svg`);
      writeAtomically(path, svg);
      figures.push(path);
    }
  }
  mkdirSync(dirname(out), { recursive: true });
  writeAtomically(out, html);
  if (markdown !== undefined) {
    mkdirSync(dirname(markdown), { recursive: true });
    writeAtomically(markdown, reportMarkdown(model));
  }
  return { path: out, runs: runs.length, bytes: Buffer.byteLength(html), claims: model.claims, figures };
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
