import { StateError, type NamedTensorRecords } from '@prunerl/core';
import { decodeWeights, encodeWeights } from './weight-codec';

const records: NamedTensorRecords = {
  'torso/conv/kernel': { shape: [1, 1, 2, 3], dtype: 'float32', values: Float32Array.from([0.5, -1.25, 3, 1e-8, -0, 7]) },
  'mask/bits': { shape: [3], dtype: 'bool', values: Uint8Array.from([1, 0, 1]) },
  'step/count': { shape: [2], dtype: 'int32', values: Int32Array.from([-5, 2 ** 30]) },
};

describe('encodeWeights', () => {
  it('should round-trip every dtype and the metadata exactly', () => {
    const decoded = decodeWeights(encodeWeights(records, { architecture: { torso: 'mlp' } }));
    expect(decoded.meta).toEqual({ architecture: { torso: 'mlp' } });
    expect(Object.keys(decoded.records)).toEqual(Object.keys(records));
    for (const [name, record] of Object.entries(records)) {
      expect(decoded.records[name]!.shape).toEqual(record.shape);
      expect(decoded.records[name]!.dtype).toBe(record.dtype);
      expect(decoded.records[name]!.values).toEqual(record.values);
    }
  });

  it('should decode bytes that sit at an unaligned offset of a larger buffer', () => {
    const bytes = encodeWeights(records);
    const host = new Uint8Array(bytes.length + 3);
    host.set(bytes, 1);
    expect(decodeWeights(host.subarray(1, 1 + bytes.length)).records['torso/conv/kernel']!.values).toEqual(records['torso/conv/kernel']!.values);
  });
});

describe('decodeWeights', () => {
  it('should reject bytes that are not weights, another version, or a truncated file with a StateError', () => {
    const bytes = encodeWeights(records);
    expect(() => decodeWeights(new Uint8Array([1, 2, 3]))).toThrow(StateError);
    expect(() => decodeWeights(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]))).toThrow('PRLW');
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(4, 3, true);
    expect(() => decodeWeights(future)).toThrow('version 1 or 2');
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/);
    expect(() => decodeWeights(bytes.subarray(0, 20))).toThrow(StateError);
  });
});

describe('sparse tensors', () => {
  const bytesOf = (v: ArrayBufferView): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

  it('should store a pruned tensor and its mask as positions and values, smaller, bit for bit', () => {
    const weights = new Float32Array(50_000);
    for (let i = 0; i < weights.length; i += 20) weights[i] = Math.cos(i) - 0.5;
    weights[3] = -0;
    const mask = Uint8Array.from(weights, (v) => (Object.is(v, 0) ? 0 : 1));
    const pruned: NamedTensorRecords = {
      'torso/dense/kernel': { shape: [500, 100], dtype: 'float32', values: weights },
      'mask:torso/dense/kernel': { shape: [500, 100], dtype: 'bool', values: mask },
      'step/count': { shape: [100], dtype: 'int32', values: Int32Array.from({ length: 100 }, (_, i) => (i === 99 ? -1 : 0)) },
    };
    const bytes = encodeWeights(pruned);
    // 2,501 nonzeros: 6 bytes each as weights (u16 gaps), 3 as mask bytes; dense would be 250,000 + 50,000.
    expect(bytes.length).toBeLessThan(2501 * 6 + 2501 * 3 + 2000);
    const decoded = decodeWeights(bytes).records;
    for (const [name, record] of Object.entries(pruned)) {
      expect(decoded[name]!.values).toBeInstanceOf(record.values.constructor);
      expect(bytesOf(decoded[name]!.values).equals(bytesOf(record.values))).toBe(true);
    }
  });

  it('should still read version 1 files (dense tensors only)', () => {
    const bytes = encodeWeights(records);
    new DataView(bytes.buffer).setUint32(4, 1, true);
    expect(decodeWeights(bytes).records['step/count']!.values).toEqual(records['step/count']!.values);
  });
});
