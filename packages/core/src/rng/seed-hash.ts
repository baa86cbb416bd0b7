/**
 * Mixes a 32-bit integer (MurmurHash3's fmix32 finaliser): every input bit affects every output bit,
 * so neighbouring seeds and names give unrelated generator states.
 */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over the UTF-16 code units of `text`, continued from `seed`. */
export function hashString(text: string, seed: number): number {
  let h = (seed ^ 0x811c9dc5) | 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/**
 * Derives the 128-bit generator state (four 32-bit words) of the stream named `path` under a run's
 * `seed`. Each word hashes the whole path with a different salt; an all-zero state (which would
 * make xoroshiro emit zeros forever) is avoided.
 */
export function deriveState(seed: number, path: string): [number, number, number, number] {
  const base = mix32(seed ^ 0x9e3779b9) ^ mix32(Math.floor(seed / 2 ** 32) + 0x7f4a7c15);
  const words: [number, number, number, number] = [
    hashString(path, base ^ 0x243f6a88),
    hashString(path, base ^ 0x85a308d3),
    hashString(path, base ^ 0x13198a2e),
    hashString(path, base ^ 0x03707344),
  ];
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 0x6a09e667;
  return words;
}
