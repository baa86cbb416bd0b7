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

describe('sparse blobs', () => {
  /** `n` elements, zero bits but every `every`-th (and the `extra` positions). */
  const pruned = (n: number, every: number, extra: number[] = []): Float32Array => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i += every) a[i] = Math.sin(i + 1);
    for (const i of extra) a[i] = i;
    return a;
  };
  const sameBits = (a: ArrayBufferView, b: ArrayBufferView): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

  it('should store mostly-zero arrays as positions and values, smaller, and read them back bit for bit', () => {
    const weights = pruned(100_000, 20);
    weights[7] = -0; // negative zero is not zero bits: kept
    weights[9] = Number.NaN;
    const mask = Uint8Array.from(weights, (v) => (Object.is(v, 0) ? 0 : 1));
    const state = {
      weights,
      mask,
      f64: Float64Array.from({ length: 200 }, (_, i) => (i % 50 === 0 ? -i - 0.5 : 0)),
      i16: Int16Array.from({ length: 300 }, (_, i) => (i === 299 ? -7 : 0)),
      big: BigInt64Array.from({ length: 100 }, (_, i) => (i === 3 ? -9n : 0n)),
      dense: Float32Array.from({ length: 1000 }, (_, i) => i + 1),
      zeros: new Float32Array(5000),
    };
    const bytes = encodeState(state);
    const decoded = decodeState(bytes) as typeof state;
    for (const key of Object.keys(state) as (keyof typeof state)[]) {
      expect(decoded[key]).toBeInstanceOf(state[key].constructor);
      expect(sameBits(decoded[key], state[key])).toBe(true);
    }
    expect(Object.is(decoded.weights[7], -0)).toBe(true);
    // 5,002 float32 weights (6 bytes each with u16 gaps), 5,002 mask bytes (3 each), 1,000 dense floats.
    expect(bytes.length).toBeLessThan(5002 * 6 + 5002 * 3 + 4000 + 2000);
  });

  it('should fall back to u32 positions when two nonzeros lie 65,536 or more apart', () => {
    const far = pruned(200_000, 100_000, [70_000]);
    const decoded = decodeState(encodeState({ far })) as { far: Float32Array };
    expect(sameBits(decoded.far, far)).toBe(true);
  });

  it('should keep reading version 1 files (dense blobs only)', () => {
    const bytes = encodeState({ a: Float32Array.from({ length: 100 }, (_, i) => i), b: 'x' });
    new DataView(bytes.buffer).setUint32(8, 1, true);
    const decoded = decodeState(bytes) as { a: Float32Array; b: string };
    expect(Array.from(decoded.a)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(decoded.b).toBe('x');
  });

  it('should refuse positions outside the array', () => {
    const bytes = new Uint8Array(encodeState({ a: pruned(1000, 100) }));
    const headerLength = new DataView(bytes.buffer).getUint32(12, true);
    const blobStart = (16 + headerLength + 7) & ~7;
    new DataView(bytes.buffer).setUint16(blobStart + 2, 60_000, true); // second gap far past the end
    expect(() => decodeState(bytes)).toThrow(/positions of blob 0/);
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
    expect(() => decodeState(wrongVersion)).toThrow(/format version 1 or 2/);
  });

  it('should detect a damaged header', () => {
    const bytes = new Uint8Array(sample());
    bytes[20] = 0xff;
    expect(() => decodeState(bytes)).toThrow(StateError);
  });
});
