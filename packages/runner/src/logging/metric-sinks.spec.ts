import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvMetricSink } from './csv-metric-sink';
import { JsonlMetricSink } from './jsonl-metric-sink';

describe('metric sinks', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-sinks-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe(JsonlMetricSink.name, () => {
    it('should write one record per line, keeping non-finite numbers readable', async () => {
      const sink = new JsonlMetricSink(join(dir, 'm.jsonl'));
      sink.write({ step: 1, name: 'return', value: 2.5, tags: { seed: 0 } });
      sink.write({ step: 2, name: 'train/loss', value: Number.NaN });
      sink.write({ step: 2, name: 'hist', value: [1, 2] });
      expect(sink.file.flushedOffset).toBe(0);
      sink.flush();
      const lines = (await readFile(join(dir, 'm.jsonl'), 'utf8')).trim().split('\n');
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
        { step: 1, name: 'return', value: 2.5, tags: { seed: 0 } },
        { step: 2, name: 'train/loss', value: 'NaN' },
        { step: 2, name: 'hist', value: [1, 2] },
      ]);
      sink.close();
    });

    it('should cut back to a recorded offset (resume after a kill)', async () => {
      const path = join(dir, 'm.jsonl');
      const sink = new JsonlMetricSink(path);
      sink.write({ step: 1, name: 'a', value: 1 });
      sink.flush();
      const offset = sink.file.flushedOffset;
      sink.write({ step: 2, name: 'b', value: 2 });
      sink.flush();
      sink.close();
      const reopened = new JsonlMetricSink(path);
      expect(reopened.file.offset).toBeGreaterThan(offset);
      reopened.file.truncate(offset);
      reopened.write({ step: 2, name: 'c', value: 3 });
      reopened.close();
      expect((await readFile(path, 'utf8')).trim().split('\n')).toEqual(['{"step":1,"name":"a","value":1}', '{"step":2,"name":"c","value":3}']);
    });
  });

  describe(CsvMetricSink.name, () => {
    it('should write scalars in long format with a header once, quoting where needed', async () => {
      const path = join(dir, 'm.csv');
      const sink = new CsvMetricSink(path);
      sink.write({ step: 10, name: 'return', value: 1.5, tags: { iteration: 0, phase: 'train', seed: 3 } });
      sink.write({ step: 10, name: 'hist', value: [1, 2] });
      sink.write({ step: 10, name: 'a,b', value: 2 });
      sink.close();
      const again = new CsvMetricSink(path);
      again.write({ step: 20, name: 'return', value: 2 });
      again.close();
      expect((await readFile(path, 'utf8')).trim().split('\n')).toEqual([
        'step,name,value,iteration,phase,seed',
        '10,return,1.5,0,train,3',
        '10,"a,b",2,,,',
        '20,return,2,,,',
      ]);
    });
  });
});
