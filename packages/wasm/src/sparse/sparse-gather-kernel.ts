import type { WasmModuleBuilder } from '../module/wasm-module-builder';
import { emitMultiplyAdd } from '../simd/gemm-kernels';

/**
 * Adds `sparse_gather(pixels, count, entries, w, in, out, channels, lanes, bias, relu)`, the one
 * batched product of training with a pruned weight matrix, the batch along SIMD lanes. Rows of
 * `in` and `out` are `lanes` floats (a multiple of 4; the batch padded with zeros) and
 * `rowBytes = 4·lanes` apart.
 *
 * For each of the `count` output pixels p, whose record (`pixels`, i32 pairs) is (base row of
 * `in`, byte address of its `starts`, `channels + 1` i32 indices into `entries`), and each output
 * channel c, row `p·channels + c` of `out` is
 * `act(bias[c] + Σ w[k] · in[base + rel, :])` over the entries (k, rel) `starts[c]..starts[c+1]`:
 * i32 pairs (byte offset of the weight in `w`, row of `in` relative to the pixel's base).
 * `bias` is a pointer or 0, `relu` 0/1.
 *
 * - A dense layer, forward: one pixel at base 0, the kernel's columns as channels, `in = xᵀ`;
 *   its input gradient the kernel's rows, `in = gᵀ`.
 * - A convolution, forward: `in` the padded input as `[H', W', Cin, B]`, a pixel's base the row of
 *   its window's corner, and an entry of channel c (a nonzero tap (di, dj, ci) of filter column c)
 *   `rel = (di·W' + dj)·Cin + ci`. Its input gradient is the same walk over the padded output
 *   gradient, with one `starts` per stride phase (see @prunerl/backend's sparse convolutions).
 *
 * Work is proportional to the nonzero weights: per entry one weight splat and one multiply-add
 * per 4 batch rows, in blocks of 32, 16 and 4 lanes (32 is a DQN batch: the entry list is walked
 * once per pixel and channel).
 */
export function addSparseGather(module: WasmModuleBuilder, fma: boolean): void {
  const types = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;
  module.addFunction('sparse_gather', types, [], (f) => {
    const [PIXELS, COUNT, ENTRIES, W, IN, OUT, CHANNELS, LANES, BIAS, RELU] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const [pixel, c, lane, record, starts, base, first, last, entry, src, dst, rowBytes] = Array.from({ length: 12 }, () => f.local('i32'));
    const splat = f.local('v128');
    const acc = Array.from({ length: 8 }, () => f.local('v128'));
    f.get(LANES).i32(2).i32Shl().set(rowBytes);
    f.get(PIXELS).set(record);
    f.get(OUT).set(dst);
    f.forCount(pixel, COUNT, () => {
      f.get(IN).get(record).i32Load().get(rowBytes).i32Mul().i32Add().set(base);
      f.get(record).i32Load(4).set(starts);
      f.forCount(c, CHANNELS, () => {
        f.get(ENTRIES).get(starts).get(c).i32(2).i32Shl().i32Add().i32Load().i32(3).i32Shl().i32Add().set(first);
        f.get(ENTRIES).get(starts).get(c).i32(2).i32Shl().i32Add().i32Load(4).i32(3).i32Shl().i32Add().set(last);
        f.i32(0).set(lane);
        for (const vectors of [8, 4, 1]) {
          f.whileFits(lane, LANES, 4 * vectors, () => {
            f.get(BIAS).ifElse(
              () => f.get(BIAS).get(c).i32(2).i32Shl().i32Add().v128Load32Splat().set(splat),
              () => f.f32x4Const(0).set(splat),
            );
            for (let v = 0; v < vectors; v++) f.get(splat).set(acc[v]!);
            f.get(first).set(entry);
            f.block((done) => {
              f.loop((next) => {
                f.get(entry).get(last).i32GeS().brIf(done);
                f.get(W).get(entry).i32Load().i32Add().v128Load32Splat().set(splat);
                f.get(base).get(entry).i32Load(4).get(rowBytes).i32Mul().i32Add().get(lane).i32(2).i32Shl().i32Add().set(src);
                for (let v = 0; v < vectors; v++) emitMultiplyAdd(f, acc[v]!, () => f.get(splat).get(src).v128Load(16 * v), fma);
                f.increment(entry, 8);
                f.br(next);
              });
            });
            f.get(RELU).ifElse(() => {
              for (let v = 0; v < vectors; v++) f.get(acc[v]!).f32x4Const(0).f32x4Max().set(acc[v]!);
            });
            for (let v = 0; v < vectors; v++) f.get(dst).get(acc[v]!).v128Store(16 * v);
            f.increment(dst, 16 * vectors);
          });
        }
      });
      f.increment(record, 8);
    });
  });
}

/**
 * Adds `pack_weights(offsets, count, w, out)`: `out[i] = w[offsets[i]]` (i32 byte offsets) for
 * `i < count`. A convolution's walk visits each nonzero weight once per output pixel, scattered
 * over the whole filter (one cache line per entry); packing them once per product in the walk's
 * order lets `sparse_gather` read them from a short contiguous block instead.
 */
export function addPackWeights(module: WasmModuleBuilder): void {
  module.addFunction('pack_weights', ['i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [OFFSETS, COUNT, W, OUT] = [0, 1, 2, 3];
    const [i, offset, dst] = [f.local('i32'), f.local('i32'), f.local('i32')];
    f.get(OFFSETS).set(offset);
    f.get(OUT).set(dst);
    f.forCount(i, COUNT, () => {
      f.get(dst).get(W).get(offset).i32Load().i32Add().f32Load().f32Store();
      f.increment(offset, 4);
      f.increment(dst, 4);
    });
  });
}
