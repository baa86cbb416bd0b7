import { ConfigError, type Rng } from '@prunerl/core';

/**
 * A sum tree over `capacity` non-negative leaves (Schaul et al. 2016, appendix B.2.1): every inner
 * node holds the sum of its two children, so setting a leaf and drawing a leaf with probability
 * proportional to its value are both O(log n).
 *
 * Layout: one `Float64Array` of `2 * L` nodes with `L` the next power of two >= capacity; node 1 is
 * the root, the children of `k` are `2k` and `2k + 1`, leaf `i` is node `L + i`. Unlike Dopamine's
 * tree, which adds deltas up the path, `set` recomputes each ancestor as the sum of its children, so
 * rounding never drifts and a node is zero exactly when its subtree is; {@link SumTree.find} relies
 * on that to never return a zero leaf.
 */
export class SumTree {
  private readonly leafCount: number;
  private readonly nodes: Float64Array;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ConfigError({ field: 'SumTree.capacity', value: capacity, expected: 'an integer >= 1' });
    }
    let leaves = 1;
    while (leaves < capacity) leaves *= 2;
    this.leafCount = leaves;
    this.nodes = new Float64Array(2 * leaves);
  }

  /** Sum of all leaves. */
  get total(): number {
    return this.nodes[1]!;
  }

  /** Bytes of the node array. */
  get byteLength(): number {
    return this.nodes.byteLength;
  }

  /** The value of leaf `index`. */
  get(index: number): number {
    return this.nodes[this.leafCount + index]!;
  }

  /** Sets leaf `index` to `value` (finite, >= 0) and updates its ancestors: O(log n). */
  set(index: number, value: number): void {
    if (!(value >= 0 && value < Infinity)) {
      throw new ConfigError({ field: 'SumTree.set(value)', value, expected: 'a finite number >= 0' });
    }
    let node = this.leafCount + index;
    this.nodes[node] = value;
    node >>= 1;
    while (node >= 1) {
      this.nodes[node] = this.nodes[2 * node]! + this.nodes[2 * node + 1]!;
      node >>= 1;
    }
  }

  /**
   * The leaf whose cumulative range `[prefix, prefix + value)` contains `target` (inverse-CDF
   * sampling). `target` must be in `[0, total)`; values at or past the end are clamped into the last
   * non-zero leaf, so float rounding in a caller's `u * total` cannot select an empty leaf.
   */
  find(target: number): number {
    const nodes = this.nodes;
    let node = 1;
    let u = target;
    while (node < this.leafCount) {
      const left = nodes[2 * node]!;
      if (u < left) {
        node = 2 * node;
      } else {
        u -= left;
        const right = nodes[2 * node + 1]!;
        if (right > 0) {
          node = 2 * node + 1;
          // Rounding can leave u >= right although target < total: stay inside this subtree.
          if (u >= right) u = right * (1 - Number.EPSILON);
        } else {
          node = 2 * node;
          u = left * (1 - Number.EPSILON);
        }
      }
    }
    return node - this.leafCount;
  }

  /**
   * Stratified sampling (Schaul et al. 2016): splits `[0, total)` into `count` equal segments and
   * draws one leaf per segment, `out[k] = find((k + u_k) * total / count)` with `u_k` uniform in
   * [0, 1) from `rng`. Requires `total > 0`.
   */
  stratifiedSample(count: number, rng: Rng, out: Int32Array): Int32Array {
    const total = this.total;
    const segment = total / count;
    for (let k = 0; k < count; k++) out[k] = this.find(Math.min((k + rng.uniform()) * segment, total));
    return out;
  }

  /** One leaf drawn with probability proportional to its value. Requires `total > 0`. */
  sample(rng: Rng): number {
    return this.find(rng.uniform() * this.total);
  }

  /** Sets every leaf to zero. */
  clear(): void {
    this.nodes.fill(0);
  }

  /** Leaves `[0, count)` (a copy), e.g. to serialise. */
  leaves(count = this.capacity): Float64Array {
    return this.nodes.slice(this.leafCount, this.leafCount + count);
  }

  /**
   * Replaces all leaves (`values` for `[0, values.length)`, zero after) and rebuilds every inner node
   * bottom-up in O(n). Values must be finite and >= 0 (checked by the caller).
   */
  setLeaves(values: Float64Array): void {
    this.nodes.fill(0);
    this.nodes.set(values, this.leafCount);
    for (let node = this.leafCount - 1; node >= 1; node--) this.nodes[node] = this.nodes[2 * node]! + this.nodes[2 * node + 1]!;
  }
}
