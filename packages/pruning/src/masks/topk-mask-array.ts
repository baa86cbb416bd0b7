/**
 * Order-preserving 32-bit key of a float32 given by its bits: larger floats get larger keys
 * (negative numbers have their bits flipped, positive ones the sign bit set), and -0 maps to the
 * key of +0 so the two tie, as they compare equal.
 */
function sortKey(bits: number): number {
  if (bits === 0x80000000) return 0x80000000;
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

/**
 * The 0/1 mask keeping the `keep` largest of `scores`, ties at the threshold broken by index (lower
 * indices kept): JaxPruner's top-k rule, computed in plain JavaScript in O(n) without sorting.
 *
 * A radix select on the scores' float bits: pass 1 histograms the high 16 bits of every key and
 * finds the bin holding the threshold; pass 2 keeps every entry of a higher bin and collects the
 * indices of the threshold bin (in index order); the threshold is then found inside that bin with a
 * histogram of the low 16 bits, and its candidates are kept from the lowest index up. Two passes over
 * the scores whatever `keep` is. Scores must not be NaN (a NaN would rank above +Infinity).
 */
export function topkMaskArray(scores: Float32Array, keep: number): Float32Array {
  const n = scores.length;
  const mask = new Float32Array(n);
  if (keep >= n) return mask.fill(1);
  if (keep <= 0) return mask;
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);

  // Pass 1: which high-16-bit bin holds the keep-th largest key.
  const high = new Uint32Array(65536);
  for (let i = 0; i < n; i++) high[sortKey(bits[i]!) >>> 16]!++;
  let above = 0;
  let bin = 65535;
  while (above + high[bin]! < keep) above += high[bin--]!;

  // Pass 2: keep the higher bins, collect the threshold bin's entries in index order.
  const candidates = new Uint32Array(high[bin]!);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const top = sortKey(bits[i]!) >>> 16;
    if (top > bin) mask[i] = 1;
    else if (top === bin) candidates[count++] = i;
  }

  // The exact threshold inside the bin, then the first (keep - above) candidates at or above it.
  const low = new Uint32Array(65536);
  for (let c = 0; c < count; c++) low[sortKey(bits[candidates[c]!]!) & 0xffff]!++;
  let lowBin = 65535;
  while (above + low[lowBin]! < keep) above += low[lowBin--]!;
  let ties = keep - above;
  for (let c = 0; c < count; c++) {
    const i = candidates[c]!;
    const lowKey = sortKey(bits[i]!) & 0xffff;
    if (lowKey > lowBin) mask[i] = 1;
    else if (lowKey === lowBin && ties > 0) {
      mask[i] = 1;
      ties--;
    }
  }
  return mask;
}
