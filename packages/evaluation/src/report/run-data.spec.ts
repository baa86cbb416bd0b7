import { ShapeError } from '@prunerl/core';
import { parseMetricsJsonl } from './run-data';

describe(parseMetricsJsonl.name, () => {
  it("should read the runner's non-finite values back, and leave a scalar NaN out (a diverged loss)", () => {
    const text = [
      '{"step":1,"name":"return","value":2.5}',
      '{"step":1,"name":"train/loss","value":"NaN"}',
      '{"step":1,"name":"q/max","value":"Infinity","tags":{"k":1}}',
      '{"step":1,"name":"q/min","value":"-Infinity"}',
      '{"step":1,"name":"diagnostics/covariance","value":[1,"NaN","-Infinity"]}',
      '',
    ].join('\n');
    const records = parseMetricsJsonl(text);
    expect(records.map((r) => r.name)).toEqual(['return', 'q/max', 'q/min', 'diagnostics/covariance']);
    expect(records[1]!.value).toBe(Number.POSITIVE_INFINITY);
    expect(records[2]!.value).toBe(Number.NEGATIVE_INFINITY);
    expect(records[3]!.value).toEqual([1, Number.NaN, Number.NEGATIVE_INFINITY]);
  });

  it('should still refuse other strings, naming the line', () => {
    expect(() => parseMetricsJsonl('{"step":1,"name":"return","value":"toString"}', 'run/metrics.jsonl')).toThrow(ShapeError);
    expect(() => parseMetricsJsonl('{"step":1,"name":"return","value":"toString"}', 'run/metrics.jsonl')).toThrow(/run\/metrics\.jsonl:1\.value: expected a number or an array of numbers/);
  });
});
