import { fromSparse, sparseByteLength, toSparse } from './sparse-array';

describe('toSparse / fromSparse', () => {
  const same = (a: ArrayBufferView, b: ArrayBuffer): boolean => {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  };

  it('should round-trip mostly-zero arrays of every width bit for bit, -0 and NaN kept', () => {
    const f = new Float32Array(1000);
    f[0] = -0;
    f[10] = Number.NaN;
    f[999] = 2.5;
    for (const array of [f, Uint8Array.from({ length: 500 }, (_, i) => (i % 50 === 7 ? 1 : 0)), Float64Array.from({ length: 300 }, (_, i) => (i === 5 ? -1 : 0)), BigInt64Array.from({ length: 100 }, (_, i) => (i === 3 ? 9n : 0n))]) {
      const sparse = toSparse(array, 4)!;
      expect(sparse).toBeDefined();
      expect(same(array, fromSparse(array.length, array.BYTES_PER_ELEMENT, sparse))).toBe(true);
    }
    expect(toSparse(f, 4)!.positions.length).toBe(3);
  });

  it('should use u32 positions for gaps of 65,536 or more, and stay dense when that is not smaller or the array is short', () => {
    const far = new Float32Array(100_000);
    far[1] = 1;
    far[90_000] = 2;
    expect(toSparse(far, 8)!.index).toBe('u32');
    expect(toSparse(Float32Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 0 : 1)), 4)).toBeUndefined();
    expect(toSparse(new Float32Array(10), 4)).toBeUndefined();
    expect(sparseByteLength(3, 4, 'u16', 8)).toBe(8 + 12);
  });

  it('should refuse positions outside the array or not ascending', () => {
    expect(() => fromSparse(10, 4, { index: 'u32', positions: Uint32Array.of(3, 12), values: Uint32Array.of(1, 2) })).toThrow(RangeError);
    expect(() => fromSparse(10, 4, { index: 'u16', positions: Uint16Array.of(3, 0), values: Uint32Array.of(1, 2) })).toThrow(/not ascending/);
  });
});
