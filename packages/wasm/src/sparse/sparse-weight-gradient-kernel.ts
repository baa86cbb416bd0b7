import type { WasmModuleBuilder } from '../module/wasm-module-builder';
import { emitMultiplyAdd } from '../simd/gemm-kernels';

/**
 * Adds `sparse_weight_gradient(starts, pixels, count, entries, in, dy, out, channels, lanes,
 * indexed)`: the weight gradient of a pruned layer at its nonzero weights only, the transpose of
 * `sparse_gather`'s walk. Rows of `in` and `dy` are `lanes` floats (the batch, a multiple of 4,
 * padded with zeros).
 *
 * For each channel c and each entry (k, rel) of `starts[c]..starts[c+1]` (i32 pairs: byte offset of
 * the weight in `out`, row relative to a pixel's base: `sparse_gather`'s walk with the weights'
 * own offsets, not the packed ones), the weight's gradient
 * `Σ_p Σ_lanes in[base_p + rel, :] · dy[q_p·channels + c, :]` over the `count` pixel records
 * (`pixels`: i32 pairs, base row first) is stored at `out` + the weight's byte offset; other entries
 * of `out` are left as they are (the caller zeroes them). `q_p` is the record's second value when
 * `indexed` is 1 (a subset of the pixels, e.g. those where one filter tap lands inside the input),
 * else p. A dense layer's `xᵀ g` is this with one pixel, `in = xᵀ`, `dy = gᵀ` and the kernel's
 * columns as channels; a convolution's, per filter tap the output pixels it reads inside the padded
 * input, `dy` as `[Ho, Wo, Cout, B]`.
 *
 * Work is proportional to the nonzero weights times pixels times batch, four lanes per
 * instruction: the batch in blocks of 32, 16 and 4 lanes, each summed over the pixels in one
 * accumulator per 4 lanes, then pairwise into the entry's gradient.
 */
export function addSparseWeightGradient(module: WasmModuleBuilder, fma: boolean): void {
  const types = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;
  module.addFunction('sparse_weight_gradient', types, [], (f) => {
    const [STARTS, PIXELS, COUNT, ENTRIES, IN, DY, OUT, CHANNELS, LANES, INDEXED] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const [c, entry, last, pixel, record, src, g, lane, rowBytes, channelBytes, offset] = Array.from({ length: 11 }, () => f.local('i32'));
    const acc = Array.from({ length: 8 }, () => f.local('v128'));
    const total = f.local('f32');
    f.get(LANES).i32(2).i32Shl().set(rowBytes);
    f.get(CHANNELS).get(rowBytes).i32Mul().set(channelBytes);
    f.forCount(c, CHANNELS, () => {
      f.get(ENTRIES).get(STARTS).get(c).i32(2).i32Shl().i32Add().i32Load().i32(3).i32Shl().i32Add().set(entry);
      f.get(ENTRIES).get(STARTS).get(c).i32(2).i32Shl().i32Add().i32Load(4).i32(3).i32Shl().i32Add().set(last);
      f.block((done) => {
        f.loop((next) => {
          f.get(entry).get(last).i32GeS().brIf(done);
          f.get(entry).i32Load(4).set(offset);
          f.f32(0).set(total);
          f.i32(0).set(lane);
          // Blocks of 32, 16 and 4 lanes, one accumulator per 4 lanes: only the pixels'
          // multiply-adds into one accumulator depend on each other.
          for (const vectors of [8, 4, 1]) {
            f.whileFits(lane, LANES, 4 * vectors, () => {
              for (let v = 0; v < vectors; v++) f.f32x4Const(0).set(acc[v]!);
              f.get(PIXELS).set(record);
              // dy row of (pixel 0, c) at this block's lanes; each pixel moves it by `channels` rows.
              f.get(DY).get(c).get(rowBytes).i32Mul().i32Add().get(lane).i32(2).i32Shl().i32Add().set(g);
              f.forCount(pixel, COUNT, () => {
                // indexed records name their dy pixel: row (q·channels + c)
                f.get(INDEXED).ifElse(() => {
                  f.get(DY).get(record).i32Load(4).get(CHANNELS).i32Mul().get(c).i32Add().get(rowBytes).i32Mul().i32Add().get(lane).i32(2).i32Shl().i32Add().set(g);
                });
                f.get(IN).get(record).i32Load().get(offset).i32Add().get(rowBytes).i32Mul().i32Add().get(lane).i32(2).i32Shl().i32Add().set(src);
                for (let v = 0; v < vectors; v++) emitMultiplyAdd(f, acc[v]!, () => f.get(src).v128Load(16 * v).get(g).v128Load(16 * v), fma);
                f.get(g).get(channelBytes).i32Add().set(g);
                f.increment(record, 8);
              });
              // Pairwise sum of the block's accumulators, then of its four lanes, into the total.
              for (let width = vectors; width > 1; width /= 2) {
                for (let v = 0; v < width / 2; v++) f.get(acc[v]!).get(acc[v + width / 2]!).f32x4Add().set(acc[v]!);
              }
              f.get(total);
              f.get(acc[0]!).f32x4ExtractLane(0).get(acc[0]!).f32x4ExtractLane(1).f32Add();
              f.get(acc[0]!).f32x4ExtractLane(2).get(acc[0]!).f32x4ExtractLane(3).f32Add();
              f.f32Add().f32Add().set(total);
            });
          }
          f.get(OUT).get(entry).i32Load().i32Add().get(total).f32Store();
          f.increment(entry, 8);
          f.br(next);
        });
      });
    });
  });
}

/** Adds `keep_nonzero(dst, w, n)`: `dst[i] = w[i] == 0 ? 0 : dst[i]` for n floats (a weight gradient restricted to the nonzero weights). */
export function addKeepNonzero(module: WasmModuleBuilder): void {
  module.addFunction('keep_nonzero', ['i32', 'i32', 'i32'], [], (f) => {
    const [DST, W, N] = [0, 1, 2];
    const [i, d, w] = [f.local('i32'), f.local('i32'), f.local('i32')];
    f.get(DST).set(d);
    f.get(W).set(w);
    f.i32(0).set(i);
    // bitselect(0, dst, w == 0): the mask lanes (all ones) take zero.
    f.whileFits(i, N, 4, () => {
      f.get(d).f32x4Const(0).get(d).v128Load().get(w).v128Load().f32x4Const(0).f32x4Eq().v128Bitselect().v128Store();
      f.increment(d, 16).increment(w, 16);
    });
    f.whileFits(i, N, 1, () => {
      f.get(w).f32Load().f32(0).f32Eq().ifElse(() => f.get(d).f32(0).f32Store());
      f.increment(d, 4).increment(w, 4);
    });
  });
}
