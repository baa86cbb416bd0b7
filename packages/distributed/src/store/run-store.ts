import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { setPath, type ResolvedExperimentConfig, type SweepRun } from '@prunerl/runner';

/**
 * Checks that `store` is a directory this process can create files in (creating it if needed) and
 * returns its absolute path. A store that is not writable is a `ConfigError` naming it, raised
 * before anything is enqueued or any run is taken.
 */
export async function checkStore(store: string, cwd: string): Promise<string> {
  const directory = resolve(cwd, store);
  const probe = resolve(directory, `.prunerl-write-test-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(probe, 'prunerl\n');
  } catch (error) {
    // Not `instanceof Error`: errors of Node's fs may come from another realm (test sandboxes).
    const reason = (error as { message?: unknown }).message ?? String(error);
    throw new ConfigError({ field: '--store', value: store, expected: `a directory this process can write (${reason})` }, { cause: error });
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  return directory;
}

/** `path` relative to `store` with `/` separators, or `undefined` when it is not inside the store. */
export function insideStore(store: string, path: string): string | undefined {
  const rel = relative(store, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** What a job carries of a run: its config and directories, relative to the store. */
export interface StoredRun {
  readonly config: ResolvedExperimentConfig;
  /** The run directory relative to the store: `<sweep>/<run name>/seed-<n>`. */
  readonly directory: string;
  readonly dependsOn: readonly string[];
}

/**
 * Rewrites a run of a sweep expanded into `store` so that nothing in it depends on where this
 * machine mounts the store: `outputDir` becomes the sweep's name, a lottery ticket's `masksFrom`
 * is relative to it, plugin files inside the store become `./`-relative (workers run each run with
 * the store as working directory, so they resolve there), and so are offline datasets inside the
 * store (the runs of a `{ variant }` reference). Plugins elsewhere stay as they are:
 * they must exist at the same path on every machine, or be installed packages.
 */
export function storeRun(run: SweepRun, store: string): StoredRun {
  const directory = insideStore(store, run.directory);
  const outputDir = insideStore(store, resolve(run.config.outputDir));
  if (directory === undefined || outputDir === undefined) {
    throw new ConfigError({ field: 'outputDir', value: run.config.outputDir, expected: `a directory inside the store ${store}` });
  }
  let config: unknown = { ...run.config, outputDir };
  // Paths the run resolves from its outputDir (another run's masks, its offline datasets): made
  // relative to it when they lie inside the store.
  const fromOutputDir = (path: unknown): string | undefined => (typeof path === 'string' && isAbsolute(path) ? insideStore(resolve(store, outputDir), path) : undefined);
  const masksFrom = fromOutputDir(run.config.pruner?.options.masksFrom);
  if (masksFrom !== undefined) config = setPath(config, 'pruner.options.masksFrom', masksFrom);
  run.config.offline?.datasets.forEach((dataset, i) => {
    const path = fromOutputDir(dataset.path);
    if (path !== undefined) config = setPath(config, `offline.datasets[${i}].path`, path);
  });
  config = setPath(
    config,
    'plugins',
    run.config.plugins.map((plugin) => {
      const rel = isAbsolute(plugin) ? insideStore(store, plugin) : undefined;
      return rel === undefined ? plugin : `./${rel}`;
    }),
  );
  const dependsOn = run.dependsOn.map((dependency) => insideStore(store, dependency) ?? dependency);
  return { config: config as ResolvedExperimentConfig, directory, dependsOn };
}

/** The absolute directory of a stored run on this machine. */
export function runDirectoryIn(store: string, directory: string): string {
  return isAbsolute(directory) ? directory : resolve(store, directory);
}


/** The file that names a store (`{ format, id, createdAt }`), written once by the first enqueuer. */
export const STORE_ID_FILE = '.prunerl-store.json';

/**
 * The id of the store at `store`, or `undefined` when it has none (no file, or not a store's);
 * other read errors are thrown. A worker compares it with the
 * queue's, so a `--store` that is not the shared store (a mount that failed, leaving an empty local
 * directory; a typo) takes no run instead of training runs from scratch where nobody looks.
 */
export async function readStoreId(store: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(store, STORE_ID_FILE), 'utf8');
  } catch (error) {
    // Only a missing file means "no store here"; an I/O error (EIO, ESTALE on a network file
    // system) is passing trouble, which the caller may wait out rather than refuse the store.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as { format?: unknown; id?: unknown };
    return parsed.format === 'prunerl-store' && typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/** The id of the store at `store`, created (a random UUID) if it has none; safe against a concurrent creator. */
export async function ensureStoreId(store: string): Promise<string> {
  const existing = await readStoreId(store);
  if (existing !== undefined) return existing;
  const id = randomUUID();
  await mkdir(store, { recursive: true });
  // Written whole under a private name, then linked into place: link() creates the name atomically
  // and fails if it exists, so racing enqueuers agree on the first one's id and never read a half-written file.
  const draft = join(store, `${STORE_ID_FILE}.${id}.tmp`);
  await writeFile(draft, `${JSON.stringify({ format: 'prunerl-store', id, createdAt: new Date().toISOString() }, null, 2)}\n`);
  try {
    await link(draft, join(store, STORE_ID_FILE));
    return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readStoreId(store);
    if (winner === undefined) throw error;
    return winner;
  } finally {
    await rm(draft, { force: true });
  }
}
