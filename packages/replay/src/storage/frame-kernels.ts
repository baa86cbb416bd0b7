import type { TypedArray } from '@prunerl/core';

/**
 * The inner loops of frame stacking, with a fast path for the case that matters most: uint8 frames
 * stacked by 4 (Atari), where one pixel's four frames are one little-endian 32-bit word, so a stack
 * is built, split and compared a word at a time (about 4x fewer memory operations than per byte).
 * Every other dtype and stack size takes the generic strided loops. Comparisons are bitwise.
 */

/** An integer view of the same bytes, so comparisons are bitwise (NaN equals NaN, -0 is not 0). */
export function bitsOf(array: TypedArray): Uint8Array | Int32Array {
  if (array instanceof Uint8Array || array instanceof Int32Array) return array;
  return new Int32Array(array.buffer, array.byteOffset, array.byteLength / 4);
}

/** A 32-bit word view of `array`'s bytes `[byteStart, byteStart + 4 * words)`, if aligned. */
function wordsOf(array: TypedArray, byteStart: number, words: number): Int32Array | undefined {
  const offset = array.byteOffset + byteStart;
  return offset % 4 === 0 ? new Int32Array(array.buffer, offset, words) : undefined;
}

/** Whether `a` and `b` hold the same bytes. */
export function bitsEqual(a: TypedArray, b: TypedArray): boolean {
  if (a.byteLength !== b.byteLength) return false;
  if (a.byteLength % 4 === 0) {
    const x = wordsOf(a, 0, a.byteLength / 4);
    const y = wordsOf(b, 0, b.byteLength / 4);
    if (x && y) {
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      return true;
    }
  }
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Whether `next` is `observation` (stacked by `K` on its last axis) with the oldest frame dropped:
 * `next[..., k] == observation[..., k + 1]` for every `k < K - 1`.
 */
export function shiftMatches(observation: TypedArray, next: TypedArray, K: number): boolean {
  const pixels = observation.length / K;
  if (observation instanceof Uint8Array && next instanceof Uint8Array && K === 4) {
    const o = wordsOf(observation, 0, pixels);
    const n = wordsOf(next, 0, pixels);
    if (o && n) {
      // Little-endian: the word is f0 | f1 << 8 | f2 << 16 | f3 << 24; next keeps f1..f3 in its low bytes.
      for (let p = 0; p < pixels; p++) if ((n[p]! & 0xffffff) !== o[p]! >>> 8) return false;
      return true;
    }
  }
  const a = bitsOf(observation);
  const b = bitsOf(next);
  const words = a.length / observation.length;
  for (let p = 0; p < pixels; p++) {
    const base = p * K * words;
    for (let j = 0; j < (K - 1) * words; j++) if (b[base + j] !== a[base + j + words]) return false;
  }
  return true;
}

/** Copies the newest frame of `observation` (stacked by `K`) into `out` at `at`, contiguous. */
export function copyNewestFrame(observation: TypedArray, K: number, out: TypedArray, at: number): void {
  const pixels = observation.length / K;
  if (K === 4 && observation instanceof Uint8Array && out instanceof Uint8Array) {
    const words = wordsOf(observation, 0, pixels);
    if (words) {
      for (let p = 0; p < pixels; p++) out[at + p] = words[p]! >>> 24;
      return;
    }
  }
  for (let p = 0, j = K - 1; p < pixels; p++, j += K) out[at + p] = observation[j]!;
}

/**
 * Interleaves `K` frames into one stack in `out` at `at` (`out[at + p * K + k] = frame_k[p]`),
 * frame `k` read from `sources[k]` at `offsets[k]`, oldest first.
 */
export function interleaveFrames(sources: readonly TypedArray[], offsets: readonly number[], K: number, pixels: number, out: TypedArray, at: number): void {
  if (K === 4 && out instanceof Uint8Array && sources.every((s) => s instanceof Uint8Array)) {
    const words = wordsOf(out, at, pixels);
    if (words) {
      const [s0, s1, s2, s3] = sources as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      const [o0, o1, o2, o3] = offsets as [number, number, number, number];
      for (let p = 0; p < pixels; p++) words[p] = s0[o0 + p]! | (s1[o1 + p]! << 8) | (s2[o2 + p]! << 16) | (s3[o3 + p]! << 24);
      return;
    }
  }
  for (let k = 0; k < K; k++) {
    const source = sources[k]!;
    const offset = offsets[k]!;
    for (let p = 0, j = at + k; p < pixels; p++, j += K) out[j] = source[offset + p]!;
  }
}
