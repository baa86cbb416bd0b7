import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { getPath, parsePath, setPath } from '../config/config-path';
import { readConfigFile } from '../config/load-config-file';
import { resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { configErrorFrom, describeIssues } from '../config/schema-issues';
import { sweepConfigSchema, type SweepConfig } from './sweep-config-schema';

/** One run of a sweep: a resolved config with one seed and its directory. */
export interface SweepRun {
  /** `<run name>/seed-<seed>`, unique within the sweep. */
  readonly id: string;
  readonly seed: number;
  /** The run's config: `seeds: [seed]`, `outputDir` the sweep's directory, `name` the run name. */
  readonly config: ResolvedExperimentConfig;
  /**
   * The variant and grid values of this run, by the last segment of their path (`width`,
   * `updatesPerStep`), as numbers or labels: factors a report can plot against.
   */
  readonly factors: Readonly<Record<string, string | number>>;
  /** Absolute path of the run directory. */
  readonly directory: string;
  /** Run directories that must be complete first (a lottery ticket needs its pruning run's masks, an offline run its dataset). */
  readonly dependsOn: readonly string[];
}

/** A loaded sweep: its settings and every run, in grid order (seeds innermost). */
export interface ExpandedSweep {
  readonly sweep: SweepConfig;
  /** Absolute path of `<outputDir>/<name>`. */
  readonly directory: string;
  readonly runs: readonly SweepRun[];
}

/** Options of {@link loadSweep} and {@link expandSweep}. */
export interface SweepOverrides {
  /** Frames budget of every run (the `--frames` option). */
  readonly frames?: number;
  /** Root output directory (the `--output` option). */
  readonly outputDir?: string;
  /** Seeds instead of the file's. */
  readonly seeds?: readonly number[];
  /** The directory a relative `outputDir` is resolved from. Default the process's working directory. */
  readonly cwd?: string;
}

/** Paths already named by the default method label, or by the run directory (environment, seed). */
const LABELLED = new Set(['environment.id', 'agent.name', 'network.width', 'pruner', 'pruner.name', 'pruner.options.sparsity', 'seeds']);

function slug(text: string): string {
  return text.replace(/[/\\:\s+]+/g, '-').replace(/[^A-Za-z0-9_.-]/g, '').replace(/-{2,}/g, '-').replace(/^[-.]+/, '') || 'x';
}

function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('hex').slice(0, 6);
}

/** A readable label for a grid value: `3`, `none`, `gmp-0.95`, `MinAtar-Breakout-v1`. */
export function valueLabel(value: unknown): string {
  if (value === null || value === 'none') return 'none';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return slug(String(value));
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string') {
      const options = record.options as Record<string, unknown> | undefined;
      const sparsity = typeof options?.sparsity === 'number' ? `-${options.sparsity}` : '';
      const rest = options && Object.keys(options).some((k) => k !== 'sparsity') ? `-${shortHash(options)}` : '';
      return slug(`${record.name}${sparsity}${rest}`);
    }
  }
  if (Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')) {
    return value.length === 0 ? 'none' : value.map((v) => slug((v as { name: string }).name)).join('+');
  }
  return shortHash(value);
}

function keyLabel(path: string): string {
  const keys = parsePath(path).filter((k): k is string => typeof k === 'string');
  return keys[keys.length - 1] ?? path;
}

function cartesian(grid: Record<string, readonly unknown[]>): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [path, values] of Object.entries(grid)) {
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [path]: value })));
  }
  return combos;
}

/**
 * Expands a sweep into its runs: (variants or the base alone) x grid combinations x seeds. Each run's
 * config is resolved and validated here, so a bad grid value fails before any run starts, with the
 * offending run named. Run names come from the variant and grid values (`dqn_width-3_pruner-gmp-0.95`);
 * method labels (what reports aggregate over seeds and games) come from the variant label or the
 * default label, plus any grid key the label does not already show.
 */
export function expandSweep(sweep: SweepConfig, base: unknown, options: SweepOverrides & { readonly source?: string; readonly baseDirectory?: string } = {}): ExpandedSweep {
  // Output goes under the working directory (where the user runs the command); plugin paths are
  // relative to the sweep file, like the base config.
  const directory = resolve(options.cwd ?? process.cwd(), options.outputDir ?? sweep.outputDir, sweep.name);
  const seeds = options.seeds ?? sweep.seeds;
  const frames = options.frames ?? sweep.frames;
  const variants = sweep.variants.length > 0 ? sweep.variants : [undefined];
  const combos = cartesian(sweep.grid);

  // First pass: every (variant, combination) gets its run name, so runs can refer to each other.
  const taken = new Set<string>();
  const names = variants.map((variant) =>
    combos.map((combo) => {
      const parts = [variant ? slug(variant.label) : undefined, ...Object.entries(combo).map(([path, value]) => `${keyLabel(path)}-${valueLabel(value)}`)].filter(
        (p): p is string => p !== undefined && p !== '',
      );
      let name = parts.length > 0 ? parts.join('_') : 'run';
      if (taken.has(name)) name = `${name}_${shortHash([variant?.label, combo])}`;
      taken.add(name);
      return name;
    }),
  );

  const runs: SweepRun[] = [];
  variants.forEach((variant, v) => {
    combos.forEach((combo, c) => {
      const name = names[v]![c]!;
      let config: unknown = base;
      for (const [path, value] of Object.entries(variant?.set ?? {})) config = setPath(config, path, value);
      for (const [path, value] of Object.entries(combo)) config = setPath(config, path, value);
      if (frames !== undefined) {
        config = setPath(config, 'budget.frames', frames);
        config = setPath(config, 'budget.iterations', undefined);
      }
      if (seeds !== undefined) config = setPath(config, 'seeds', [...seeds]);
      if (sweep.plugins.length > 0) {
        const existing = ((config as { plugins?: string[] }).plugins ?? []) as string[];
        config = setPath(config, 'plugins', [...existing, ...sweep.plugins.map((p) => (p.startsWith('.') ? resolve(options.baseDirectory ?? '.', p) : p))]);
      }
      // `{ variant: <label> }` in place of a run directory: the run of that variant with the same grid
      // values and seed, which must finish first. The lottery ticket's `masksFrom` takes its masks
      // from one; an offline run's datasets are the transitions one logged.
      const dependsOnTemplates: string[] = [];
      const referenced = (field: string): void => {
        const value = getPath(config, field);
        if (value === null || typeof value !== 'object' || typeof (value as { variant?: unknown }).variant !== 'string') return;
        const label = (value as { variant: string }).variant;
        const source = variants.findIndex((other) => other?.label === label);
        if (source < 0 || source === v) {
          throw new ConfigError({
            field: `${field}.variant`,
            value: label,
            expected: `the label of another variant (${variants.filter((o, i) => o && i !== v).map((o) => JSON.stringify(o!.label)).join(', ')})`,
            hint: `(sweep run "${name}")`,
          });
        }
        const template = resolve(directory, names[source]![c]!, 'seed-{seed}');
        dependsOnTemplates.push(template);
        config = setPath(config, field, template);
      };
      referenced('pruner.options.masksFrom');
      const datasets = getPath(config, 'offline.datasets');
      if (Array.isArray(datasets)) datasets.forEach((_, i) => referenced(`offline.datasets[${i}].path`));
      config = setPath(config, 'name', name);
      config = setPath(config, 'outputDir', directory);
      const extraLabels = Object.entries(combo)
        .filter(([path]) => !LABELLED.has(path))
        .map(([path, value]) => `${keyLabel(path)}=${valueLabel(value)}`);
      if (variant) {
        const width = 'network.width' in combo ? ` w=${String(combo['network.width'])}` : '';
        config = setPath(config, 'method', `${variant.label}${width}${extraLabels.length > 0 ? ` ${extraLabels.join(' ')}` : ''}`);
      }
      let resolved: ResolvedExperimentConfig;
      try {
        resolved = resolveExperimentConfig(config, options.source);
      } catch (error) {
        if (error instanceof ConfigError) {
          throw new ConfigError({ field: error.field, value: error.value, expected: error.expected, hint: `(sweep run "${name}")` }, { cause: error });
        }
        throw error;
      }
      if (!variant && extraLabels.length > 0 && (base as { method?: unknown })?.method === undefined) {
        resolved = { ...resolved, method: `${resolved.method} ${extraLabels.join(' ')}` };
      }
      const factors: Record<string, string | number> = { ...(variant ? { variant: variant.label } : {}) };
      for (const [path, value] of Object.entries(combo)) {
        // The runner records agent, width, sparsity, pruner from the config itself.
        if (LABELLED.has(path)) continue;
        factors[keyLabel(path)] = typeof value === 'number' ? value : valueLabel(value);
      }
      for (const seed of resolved.seeds) {
        runs.push({
          id: `${name}/seed-${seed}`,
          seed,
          config: { ...resolved, seeds: [seed] },
          factors,
          directory: resolve(directory, name, `seed-${seed}`),
          dependsOn: dependsOnTemplates.map((template) => template.replaceAll('{seed}', String(seed))),
        });
      }
    });
  });
  const methods = new Set(runs.map((run) => run.config.method));
  sweep.claims.forEach((claim, i) => {
    for (const side of ['better', 'than'] as const) {
      if (!methods.has(claim[side])) {
        throw new ConfigError({
          field: `claims[${i}].${side}`,
          value: claim[side],
          expected: `the method label of runs in this sweep (${[...methods].map((m) => JSON.stringify(m)).join(', ')})`,
          hint: `(claim "${claim.claim}")`,
        });
      }
    }
    if (claim.better === claim.than) {
      throw new ConfigError({ field: `claims[${i}].than`, value: claim.than, expected: `a method other than "better" (${JSON.stringify(claim.better)})`, hint: `(claim "${claim.claim}")` });
    }
  });
  return { sweep, directory, runs: sweep.order === 'seeds-first' ? seedsFirst(runs, seeds ?? []) : runs };
}

/** Runs reordered so that every configuration's first seed comes before any second seed (stable). */
function seedsFirst(runs: readonly SweepRun[], seeds: readonly number[]): SweepRun[] {
  const rank = (run: SweepRun): number => {
    const index = seeds.indexOf(run.seed);
    return index < 0 ? run.seed : index;
  };
  return runs.map((run, index) => ({ run, index })).sort((a, b) => rank(a.run) - rank(b.run) || a.index - b.index).map(({ run }) => run);
}

/**
 * Reads a sweep file (YAML or JSON), validates it, reads its base config when given as a path, and
 * expands it (see {@link expandSweep}). Paths inside the file are relative to it.
 */
export async function loadSweep(path: string, overrides: SweepOverrides = {}): Promise<ExpandedSweep> {
  const sweep = await readSweepFile(path);
  const baseDirectory = dirname(resolve(path));
  const base = typeof sweep.base === 'string' ? await readConfigFile(resolve(baseDirectory, sweep.base), 'base') : sweep.base;
  return expandSweep(sweep, base, { ...overrides, source: path, baseDirectory });
}

/** Reads and validates a sweep file (YAML or JSON) without expanding it. */
export async function readSweepFile(path: string): Promise<SweepConfig> {
  const raw = await readConfigFile(path, 'sweep file');
  const parsed = sweepConfigSchema.safeParse(raw);
  if (!parsed.success) throw configErrorFrom(describeIssues(parsed.error.issues, raw, sweepConfigSchema), path);
  return parsed.data;
}
