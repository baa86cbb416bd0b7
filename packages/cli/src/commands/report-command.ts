import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildReport } from '@prunerl/evaluation/node';
import { readSweepFile, type SweepConfig } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';

/** Options of `prunerl report`. */
export interface ReportCommandOptions {
  /** Output file. Default `<runsDir>/report.html`. */
  readonly out?: string;
  /** Metric to score runs by. Default `return`. */
  readonly metric?: string;
  /** Bootstrap replicates. Default the sweep file's, else 2,000. */
  readonly reps?: number;
  readonly title?: string;
  /**
   * The sweep (or study) file whose claims the report judges and whose report settings it uses.
   * Default: `study.yaml` or `sweep.yaml` (or `.yml`) in the runs directory, if there is one.
   */
  readonly sweep?: string;
  /** Also write every figure as an SVG file into this directory. */
  readonly figures?: string;
  /** Also write the numbers (claims, aggregates, per-task means) as Markdown to this file. */
  readonly markdown?: string;
}

/** Sweep files the report looks for in a runs directory, in this order. */
export const SWEEP_FILE_NAMES = ['study.yaml', 'study.yml', 'sweep.yaml', 'sweep.yml'] as const;

/**
 * Writes the HTML report of every run under `runsDir` (`@prunerl/evaluation`'s `buildReport`) and
 * prints its path and the verdict of each claim. Claims and report settings (final window,
 * normalisation, replicates) come from the sweep file given, or found in the directory; options
 * given here override its settings.
 */
export async function reportCommand(runsDir: string, options: ReportCommandOptions, output: CliOutput, sweepConfig?: SweepConfig): Promise<number> {
  const directory = resolve(output.io.cwd, runsDir);
  const sweepPath = options.sweep !== undefined ? resolve(output.io.cwd, options.sweep) : SWEEP_FILE_NAMES.map((name) => join(directory, name)).find((path) => existsSync(path));
  const sweep = sweepConfig ?? (sweepPath !== undefined ? await readSweepFile(sweepPath) : undefined);
  if (sweep && sweepConfig === undefined) output.info(`claims and report settings from ${sweepPath}`);
  output.info(`building the report of ${directory} ...`);
  const settings = sweep?.report ?? {};
  const reps = options.reps ?? settings.reps;
  const result = await buildReport(directory, {
    ...(options.out !== undefined ? { out: resolve(output.io.cwd, options.out) } : {}),
    ...(options.figures !== undefined ? { figuresDir: resolve(output.io.cwd, options.figures) } : {}),
    ...(options.markdown !== undefined ? { markdown: resolve(output.io.cwd, options.markdown) } : {}),
    ...(options.metric !== undefined ? { scoreMetric: options.metric } : {}),
    ...(reps !== undefined ? { bootstrap: { reps } } : {}),
    ...(options.title !== undefined ? { title: options.title } : sweep?.description !== undefined ? { title: `${sweep.name}: ${sweep.description}` } : {}),
    ...(settings.finalWindow !== undefined ? { finalWindow: settings.finalWindow } : {}),
    ...(settings.normalization !== undefined ? { normalization: settings.normalization } : {}),
    ...(sweep && sweep.claims.length > 0 ? { claims: sweep.claims } : {}),
  });
  for (const verdict of result.claims) output.info(`claim ${JSON.stringify(verdict.claim.claim)}: ${verdict.verdict.toUpperCase()}. ${verdict.reason}`);
  output.result(`report: ${result.path} (${result.runs} runs)`, {
    path: result.path,
    runs: result.runs,
    bytes: result.bytes,
    figures: result.figures,
    claims: result.claims.map((v) => ({ claim: v.claim.claim, verdict: v.verdict, reason: v.reason, difference: v.difference, probabilityOfImprovement: v.probabilityOfImprovement })),
  });
  return 0;
}
