import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { expandSweep, sweepConfigSchema } from '@prunerl/runner';
import { checkStore, ensureStoreId, insideStore, readStoreId, STORE_ID_FILE, storeRun } from './run-store';

describe('run store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-store-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe(storeRun.name, () => {
    it('should make the run\'s paths relative to the store, so any machine may mount it anywhere', () => {
      const store = join(dir, 'store');
      const sweep = sweepConfigSchema.parse({
        name: 'ticket',
        base: { environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'dqn', options: { minReplayHistory: 50 } }, budget: { iterations: 1, stepsPerIteration: 100 } },
        variants: [
          { label: 'gmp', set: { pruner: { name: 'gmp', options: { sparsity: 0.9 } } } },
          { label: 'lottery', set: { pruner: { name: 'lottery-ticket', options: { masksFrom: { variant: 'gmp' } } } } },
        ],
        plugins: [join(store, 'plugins', 'mine.js'), '/opt/shared/theirs.js', 'prunerl-plugin-x'],
      });
      const expanded = expandSweep(sweep, sweep.base, { outputDir: store });
      const lottery = storeRun(expanded.runs[1]!, store);
      expect(lottery.directory).toBe('ticket/lottery/seed-0');
      expect(lottery.config.outputDir).toBe('ticket');
      expect(lottery.config.pruner?.options.masksFrom).toBe('gmp/seed-{seed}');
      expect(lottery.dependsOn).toEqual(['ticket/gmp/seed-0']);
      expect(lottery.config.plugins).toEqual(['./plugins/mine.js', '/opt/shared/theirs.js', 'prunerl-plugin-x']);
    });

    it("should make offline datasets inside the store relative to the run's outputDir", () => {
      const store = join(dir, 'store');
      const sweep = sweepConfigSchema.parse({
        name: 'offline',
        base: {
          environment: { id: 'CartPole-v1' },
          agent: { name: 'cql' },
          offline: { datasets: [{ path: { variant: 'behaviour' }, from: 0.5 }, { path: '/data/elsewhere/seed-0' }] },
          budget: { iterations: 2, stepsPerIteration: 40 },
          evaluation: { episodes: 1 },
        },
        variants: [
          { label: 'cql', set: {} },
          { label: 'behaviour', set: { agent: { name: 'dqn' }, offline: null, logging: { replay: true }, budget: { iterations: 1, stepsPerIteration: 400 }, evaluation: { episodes: 0 } } },
        ],
      });
      const expanded = expandSweep(sweep, sweep.base, { outputDir: store });
      const cql = storeRun(expanded.runs[0]!, store);
      expect(cql.config.offline?.datasets.map((d) => d.path)).toEqual(['behaviour/seed-{seed}', '/data/elsewhere/seed-0']);
      expect(cql.config.offline?.datasets[0]).toMatchObject({ from: 0.5 });
      expect(cql.dependsOn).toEqual(['offline/behaviour/seed-0']);
    });

    it('should refuse a run outside the store', () => {
      const sweep = sweepConfigSchema.parse({ name: 's', base: { environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'dqn' }, budget: { iterations: 1, stepsPerIteration: 100 } } });
      const expanded = expandSweep(sweep, sweep.base, { outputDir: join(dir, 'elsewhere') });
      expect(() => storeRun(expanded.runs[0]!, join(dir, 'store'))).toThrow(ConfigError);
    });
  });

  describe(insideStore.name, () => {
    it('should give the relative path of what is inside, and nothing for the store itself or outside it', () => {
      expect(insideStore('/mnt/runs', '/mnt/runs/a/seed-0')).toBe('a/seed-0');
      expect(insideStore('/mnt/runs', '/mnt/runs')).toBeUndefined();
      expect(insideStore('/mnt/runs', '/mnt/other/a')).toBeUndefined();
    });
  });

  describe(checkStore.name, () => {
    it('should create the store and return its absolute path', async () => {
      expect(await checkStore('made/here', dir)).toBe(join(dir, 'made', 'here'));
    });

    it('should refuse a store it cannot write, naming it', async () => {
      await writeFile(join(dir, 'a-file'), 'x');
      await expect(checkStore('a-file/store', dir)).rejects.toThrow(/^--store: expected a directory this process can write \(.*ENOTDIR.*\), got "a-file\/store"\.$/);
    });
  });

  describe(ensureStoreId.name, () => {
    it('should name a store once, and every later reader sees the same id', async () => {
      const store = await checkStore('named', dir);
      expect(await readStoreId(store)).toBeUndefined();
      const ids = await Promise.all([ensureStoreId(store), ensureStoreId(store), ensureStoreId(store)]);
      expect(new Set(ids).size).toBe(1);
      expect(await readStoreId(store)).toBe(ids[0]);
    });
  });

  describe(readStoreId.name, () => {
    it("should say 'no store' for a missing or foreign file, and throw a read error (passing trouble) rather than hide it", async () => {
      const store = await checkStore('read', dir);
      expect(await readStoreId(store)).toBeUndefined();
      await writeFile(join(store, STORE_ID_FILE), '{ not json');
      expect(await readStoreId(store)).toBeUndefined();
      await writeFile(join(store, STORE_ID_FILE), JSON.stringify({ format: 'other', id: 'x' }));
      expect(await readStoreId(store)).toBeUndefined();
      await rm(join(store, STORE_ID_FILE));
      await mkdir(join(store, STORE_ID_FILE));
      await expect(readStoreId(store)).rejects.toMatchObject({ code: 'EISDIR' });
    });
  });
});
