import { crc32 as zlibCrc32 } from 'node:zlib';
import { Rng } from '@prunerl/core';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('should give the standard check value of "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('should match zlib on random data of every length modulo 8', () => {
    const rng = Rng.fromSeed(1);
    for (const length of [1, 7, 8, 9, 1000, 65_537]) {
      const bytes = Uint8Array.from({ length }, () => rng.uniformInt(0, 256));
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
  });

  it('should continue across chunks: crc(b, crc(a)) = crc(a ++ b)', () => {
    const rng = Rng.fromSeed(2);
    const bytes = Uint8Array.from({ length: 10_001 }, () => rng.uniformInt(0, 256));
    let running = 0;
    for (let at = 0; at < bytes.length; at += 333) running = crc32(bytes.subarray(at, at + 333), running);
    expect(running).toBe(crc32(bytes));
  });
});
