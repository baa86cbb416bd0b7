import { z } from 'zod';

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
});

/** A sweep file as written. */
export type SweepConfigInput = z.input<typeof sweepConfigSchema>;
/** A sweep file after schema defaults. */
export type SweepConfig = z.output<typeof sweepConfigSchema>;
