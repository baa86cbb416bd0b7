import { z } from 'zod';

/**
 * A claim the report judges (see `@prunerl/evaluation`'s `judgeClaims`): written before any run, so
 * the analysis is fixed before the results are seen.
 */
const claimSchema = z.strictObject({
  /** What is claimed, in words ("GMP 95% beats dense at width 4"). */
  claim: z.string().min(1).max(500),
  /** The method label claimed to be better (a run's `method`, e.g. `DQN GMP 95% w=4`). */
  better: z.string().min(1).max(200),
  /** The method label it is compared against. */
  than: z.string().min(1).max(200),
  /** Aggregate over tasks and runs: `iqm` (default), `mean` or `median`. */
  metric: z.enum(['iqm', 'mean', 'median']).default('iqm'),
  /**
   * The per-run score: absent (the report's score metric, `return` unless `prunerl report --metric`
   * says otherwise, over its final window and normalised as the report normalises it) or any other
   * scalar metric a run logs (e.g. `diagnostics/srank`), its last value, raw.
   */
  score: z.string().min(1).max(200).optional(),
  /** Which way of the score is better: `higher` (default) or `lower` (dormant neurons). */
  direction: z.enum(['higher', 'lower']).default('higher'),
});

/** How the report of a sweep reads its runs (fixed in the file, before the runs, for a study). */
const reportSettingsSchema = z.strictObject({
  /** A run's final score is the mean of its last `finalWindow` per-iteration scores. Default 1. */
  finalWindow: z.int().positive().max(10_000).optional(),
  /** Score normalisation across tasks: `auto` (default), `minatar`, `atari` or `none`. */
  normalization: z.enum(['auto', 'minatar', 'atari', 'none']).optional(),
  /** Bootstrap replicates of every interval. Default 2,000. */
  reps: z.int().positive().max(1_000_000).optional(),
});

/** The scientific record of a study: what it asks and how it will be analysed, before any run. */
const studySchema = z.strictObject({
  /** The question the study answers. */
  question: z.string().min(1),
  /** The hypotheses, as stated before the runs. */
  hypotheses: z.array(z.string().min(1)).default([]),
  /** How the results will be analysed (score, window, aggregate, intervals, verdict rule). */
  analysis: z.string().min(1),
  /** The compute the design was sized for. */
  compute: z.string().optional(),
});

const pathKey = z.string().regex(/^[A-Za-z_$][\w$-]*(\[\d+\]|\.[A-Za-z_$][\w$-]*)*$/, 'a config path such as "network.width"');

/**
 * A sweep file: a base experiment config, a grid of values per config path (every combination is
 * a run), optional named variants (each a partial config laid over the base, crossed with the grid),
 * seeds, and where the runs go. Strict like the experiment config.
 */
export const sweepConfigSchema = z.strictObject({
  /** The sweep's name: runs go to `<outputDir>/<name>/<run>/seed-<seed>/`. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a name of letters, digits, "_", "." or "-"'),
  /** One line for `prunerl sweep --list` and the report. */
  description: z.string().optional(),
  /** The experiment config every run starts from (an object), or a path to one (relative to the sweep file). */
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  /** Config path -> values; the runs are the Cartesian product, in key order (the first varies slowest). */
  grid: z.record(pathKey, z.array(z.unknown()).min(1)).default({}),
  /**
   * Named alternatives laid over the base before the grid (e.g. the baselines of Figure 12):
   * `{ label, set: { path: value, ... } }`. The label becomes the runs' method name.
   */
  variants: z
    .array(
      z.strictObject({
        label: z.string().min(1).max(200),
        set: z.record(pathKey, z.unknown()).default({}),
      }),
    )
    .default([]),
  /** Seeds of every configuration (overrides the base's `seeds`). */
  seeds: z.array(z.int().min(0).max(2 ** 31 - 1)).min(1).max(1000).optional(),
  /** Root directory of the sweep's runs. Default `runs`. */
  outputDir: z.string().min(1).default('runs'),
  /** Parallel worker processes; default the number of CPU cores. */
  workers: z.int().positive().max(1024).optional(),
  /**
   * The frames budget of every run: sets `budget.frames` (iterations follow from
   * `stepsPerIteration`). `--frames` on the command line overrides it.
   */
  frames: z.int().positive().optional(),
  /** Plugins every run loads (paths relative to the sweep file). */
  plugins: z.array(z.string().min(1)).default([]),
  /**
   * The order runs start in: `grid` (default: variants, then grid values, seeds innermost) or
   * `seeds-first` (every configuration's first seed, then every second seed, ...), so that a long
   * study stopped early holds whole replicates of the design rather than all seeds of a few cells.
   */
  order: z.enum(['grid', 'seeds-first']).default('grid'),
  /** A study's question, hypotheses and analysis plan (kept with the results). */
  study: studySchema.optional(),
  /** Claims the report judges; each `better`/`than` must be a method label of this sweep's runs. */
  claims: z.array(claimSchema).default([]),
  /** How the report reads the runs (final window, normalisation, replicates). */
  report: reportSettingsSchema.default({}),
});

/** A claim as parsed from a sweep file. */
export type SweepClaim = z.output<typeof claimSchema>;

/** A sweep file as written. */
export type SweepConfigInput = z.input<typeof sweepConfigSchema>;
/** A sweep file after schema defaults. */
export type SweepConfig = z.output<typeof sweepConfigSchema>;
