import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigError, ShapeError } from '@prunerl/core';
import { fixtureRuns } from '../testing/fixture-runs.fixture';
import { buildReport } from './build-report';
import { JsonlMetricSink } from './jsonl-metric-sink';
import { readRunDirectory, readRuns } from './read-runs';
import { writeRunDirectory } from './write-run-directory';

describe('run directories', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prunerl-eval-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('writeRunDirectory / readRuns', () => {
    it('should round-trip runs, found at any depth and sorted by their relative path', () => {
      const runs = fixtureRuns({ iterations: 2, seeds: 1 }).slice(0, 3);
      runs.forEach((run) => writeRunDirectory(join(dir, run.id), run));
      const read = readRuns(dir);
      expect(read.map((r) => r.id)).toEqual(runs.map((r) => r.id).sort());
      const byId = new Map(read.map((r) => [r.id, r]));
      for (const run of runs) {
        expect(byId.get(run.id)!.meta).toEqual(run.meta);
        expect(byId.get(run.id)!.config).toEqual(run.config);
        expect(byId.get(run.id)!.metrics).toEqual(run.metrics);
      }
    });

    it('should read an archived run from metrics.jsonl.gz when metrics.jsonl is absent, and name a corrupt archive', () => {
      writeRunDirectory(join(dir, 'a'), { meta: { method: 'm', task: 't', seed: 0 } });
      rmSync(join(dir, 'a', 'metrics.jsonl'), { force: true });
      writeFileSync(join(dir, 'a', 'metrics.jsonl.gz'), gzipSync('{"step":1,"name":"return","value":2}\n{"step":2,"name":"return","value":3}\n'));
      expect(readRunDirectory(join(dir, 'a')).metrics.map((m) => m.value)).toEqual([2, 3]);
      // The plain file wins when both exist (a run still being written beside its last archive).
      writeFileSync(join(dir, 'a', 'metrics.jsonl'), '{"step":1,"name":"return","value":5}\n');
      expect(readRunDirectory(join(dir, 'a')).metrics.map((m) => m.value)).toEqual([5]);
      rmSync(join(dir, 'a', 'metrics.jsonl'));
      writeFileSync(join(dir, 'a', 'metrics.jsonl.gz'), 'not gzip');
      expect(() => readRunDirectory(join(dir, 'a'))).toThrow(/metrics.jsonl.gz.*gzip-compressed JSON lines/);
    });

    it('should name the file and line of a malformed record', () => {
      writeRunDirectory(join(dir, 'a'), { meta: { method: 'm', task: 't', seed: 0 } });
      writeFileSync(join(dir, 'a', 'metrics.jsonl'), '{"step":1,"name":"return","value":2}\n\n{"step":2,"name":"return"}\n');
      expect(() => readRunDirectory(join(dir, 'a'))).toThrow(/metrics.jsonl:3.value: expected a number or an array of numbers/);
      writeFileSync(join(dir, 'a', 'metrics.jsonl'), 'not json\n');
      expect(() => readRunDirectory(join(dir, 'a'))).toThrow(ShapeError);
    });

    it('should reject a meta.json without method, task or seed, and a missing directory', () => {
      mkdirSync(join(dir, 'b'));
      writeFileSync(join(dir, 'b', 'meta.json'), '{"method":"m","seed":1}');
      expect(() => readRuns(dir)).toThrow(/meta.json.task: expected a non-empty string/);
      expect(() => readRuns(join(dir, 'missing'))).toThrow(ConfigError);
    });
  });

  describe('JsonlMetricSink', () => {
    it('should append buffered records as JSON lines the reader accepts', () => {
      const path = join(dir, 'run', 'metrics.jsonl');
      const sink = new JsonlMetricSink(path, 2);
      sink.write({ step: 1, name: 'return', value: 1.5 });
      sink.write({ step: 1, name: 'diagnostics/gradient_covariance', value: [1, 0, 0, 1], tags: { k: 2 } });
      sink.write({ step: 2, name: 'return', value: 2 });
      expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2); // one full buffer flushed
      sink.close();
      writeFileSync(join(dir, 'run', 'meta.json'), JSON.stringify({ method: 'm', task: 't', seed: 1 }));
      expect(readRunDirectory(join(dir, 'run')).metrics).toHaveLength(3);
      expect(() => sink.write({ step: Number.NaN, name: 'x', value: 1 })).toThrow(ShapeError);
    });
  });

  describe('buildReport', () => {
    it('should write the report next to the runs, atomically, and refuse an empty directory', async () => {
      await expect(buildReport(dir)).rejects.toThrow(ConfigError);
      for (const run of fixtureRuns({ iterations: 3, seeds: 1 }).slice(0, 6)) writeRunDirectory(join(dir, run.id), run);
      const result = await buildReport(dir, { bootstrap: { reps: 50 }, generatedAt: 'fixed' });
      expect(result.path).toBe(join(dir, 'report.html'));
      expect(result.runs).toBe(6);
      const html = readFileSync(result.path, 'utf8');
      expect(Buffer.byteLength(html)).toBe(result.bytes);
      expect(html).toContain('generated fixed');
      const out = join(dir, 'elsewhere', 'r.html');
      expect((await buildReport(dir, { out, bootstrap: { reps: 50 } })).path).toBe(out);
    });
  });
});
