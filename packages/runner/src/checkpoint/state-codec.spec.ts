import { StateError } from '@prunerl/core';
import { decodeState, encodeState } from './state-codec';

describe('encodeState', () => {
  describe('.roundTrip', () => {
    it('should restore nested typed arrays of every type with their values', () => {
      const state = {
        kind: 'dqn',
        version: 1,
        online: {
          'torso/conv/kernel': { shape: [3, 3, 4, 16], dtype: 'float32', values: Float32Array.from({ length: 576 }, (_, i) => Math.sin(i)) },
          mask: { shape: [5], dtype: 'bool', values: Uint8Array.from([1, 0, 1, 1, 0]) },
        },
        counters: Int32Array.from([-3, 7, 2 ** 31 - 1]),
        f64: Float64Array.from([Math.PI, -0.5]),
        misc: [Int8Array.from([-1]), Uint16Array.from([65535]), Uint32Array.from([2 ** 32 - 1]), Int16Array.from([-2])],
        big: BigInt64Array.from([-5n]),
        empty: new Float32Array(0),
        text: 'héllo',
        flags: [true, false, null],
      };
      const decoded = decodeState(encodeState(state)) as typeof state;
      expect(decoded).toEqual(state);
      expect(decoded.online['torso/conv/kernel'].values).toBeInstanceOf(Float32Array);
      expect(decoded.counters).toBeInstanceOf(Int32Array);
      expect(decoded.big).toBeInstanceOf(BigInt64Array);
    });

    it('should keep non-finite numbers, which JSON alone turns into null', () => {
      const decoded = decodeState(encodeState({ loss: Number.NaN, hi: Infinity, lo: -Infinity, ok: 1.5 })) as Record<string, number>;
      expect(decoded.loss).toBeNaN();
      expect(decoded.hi).toBe(Infinity);
      expect(decoded.lo).toBe(-Infinity);
      expect(decoded.ok).toBe(1.5);
    });

    it('should copy a typed array that is a view into a larger buffer, not the whole buffer', () => {
      const backing = Float32Array.from([1, 2, 3, 4, 5, 6]);
      const view = backing.subarray(2, 4);
      const decoded = decodeState(encodeState({ view })) as { view: Float32Array };
      expect(Array.from(decoded.view)).toEqual([3, 4]);
    });

    it('should store values as raw little-endian bytes at an 8-byte aligned offset', () => {
      const big = encodeState({ values: new Float32Array(100_000) });
      expect(big.length).toBeLessThan(100_000 * 4 + 200);
      const one = encodeState({ v: Float32Array.from([1]) });
      const headerLength = new DataView(one.buffer).getUint32(12, true);
      const blobStart = (16 + headerLength + 7) & ~7;
      expect(blobStart % 8).toBe(0);
      // 1.0f is 0x3f800000: little-endian bytes 00 00 80 3f.
      expect(Array.from(one.subarray(blobStart, blobStart + 4))).toEqual([0x00, 0x00, 0x80, 0x3f]);
    });
  });

  describe('.errors', () => {
    it('should refuse a Map, naming its path', () => {
      expect(() => encodeState({ hooks: { gmp: new Map() } })).toThrow(StateError);
      expect(() => encodeState({ hooks: { gmp: new Map() } })).toThrow(/state\.hooks\.gmp/);
    });

    it('should refuse functions and bigints', () => {
      expect(() => encodeState({ f: () => 1 })).toThrow(/state\.f/);
      expect(() => encodeState({ n: 3n })).toThrow(/state\.n/);
    });
  });
});

describe('decodeState', () => {
  const sample = (): Uint8Array => encodeState({ a: Float32Array.from([1, 2, 3]), b: 'x' });

  it('should detect a truncated encoding', () => {
    const bytes = sample();
    expect(() => decodeState(bytes.subarray(0, bytes.length - 4))).toThrow(StateError);
    expect(() => decodeState(bytes.subarray(0, 10))).toThrow(/at least 16 bytes/);
  });

  it('should detect a wrong magic and a wrong version', () => {
    const bytes = sample();
    const wrongMagic = new Uint8Array(bytes);
    wrongMagic[0] = 0x41;
    expect(() => decodeState(wrongMagic)).toThrow(/magic/);
    const wrongVersion = new Uint8Array(bytes);
    new DataView(wrongVersion.buffer).setUint32(8, 9, true);
    expect(() => decodeState(wrongVersion)).toThrow(/format version 1/);
  });

  it('should detect a damaged header', () => {
    const bytes = new Uint8Array(sample());
    bytes[20] = 0xff;
    expect(() => decodeState(bytes)).toThrow(StateError);
  });
});
