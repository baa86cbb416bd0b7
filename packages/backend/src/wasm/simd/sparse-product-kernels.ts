import type { WasmFunctionBuilder, WasmModuleBuilder } from '@prunerl/core';
import { emitMultiplyAdd } from './gemm-kernels';

/**
 * Kernels for products with a pruned (mostly zero) weight matrix, with the batch along SIMD lanes.
 *
 * `sparse_rows(starts, entries, w, inT, outT, rows, lanes, bias, relu)`: for every output row r,
 * `outT[r, :] = act(bias[r] + Σ w[k] · inT[c, :])` over the entries (k, c) of row r:
 * `starts[r]..starts[r+1]` index `entries`, pairs of i32 (byte offset of the weight in `w`, row c
 * of `inT`). `inT` and `outT` are `[·, lanes]` (lanes a multiple of 4, batch padded with zeros),
 * `bias` a pointer or 0, `relu` 0/1. A dense layer's forward pass is this with the entries of the
 * kernel's columns and `inT = xᵀ`; its input gradient, with the entries of the kernel's rows and
 * `inT = gᵀ`. Work is proportional to the nonzero weights, four batch rows per instruction.
 */
function addSparseRows(module: WasmModuleBuilder, fma: boolean): void {
  const types = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;
  module.addFunction('sparse_rows', types, [], (f) => {
    const [STARTS, ENTRIES, W, IN, OUT, ROWS, LANES, BIAS, RELU] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const [r, lane, p, end, entry, last, src, dst, rowBytes] = Array.from({ length: 9 }, () => f.local('i32'));
    const splat = f.local('v128');
    const acc = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
    f.get(LANES).i32(2).i32Shl().set(rowBytes);
    f.forCount(r, ROWS, () => {
      f.get(STARTS).get(r).i32(2).i32Shl().i32Add().i32Load().set(p);
      f.get(STARTS).get(r).i32(2).i32Shl().i32Add().i32Load(4).set(end);
      f.get(OUT).get(r).get(rowBytes).i32Mul().i32Add().set(dst);
      f.i32(0).set(lane);
      // Blocks of 16 lanes (4 vectors), then of 4.
      for (const vectors of [4, 1]) {
        f.whileFits(lane, LANES, 4 * vectors, () => {
          f.get(BIAS).ifElse(
            () => f.get(BIAS).get(r).i32(2).i32Shl().i32Add().v128Load32Splat().set(splat),
            () => f.f32x4Const(0).set(splat),
          );
          for (let v = 0; v < vectors; v++) f.get(splat).set(acc[v]!);
          f.get(ENTRIES).get(p).i32(3).i32Shl().i32Add().set(entry);
          f.get(ENTRIES).get(end).i32(3).i32Shl().i32Add().set(last);
          f.block((done) => {
            f.loop((next) => {
              f.get(entry).get(last).i32GeS().brIf(done);
              f.get(W).get(entry).i32Load().i32Add().v128Load32Splat().set(splat);
              f.get(IN).get(entry).i32Load(4).get(rowBytes).i32Mul().i32Add().get(lane).i32(2).i32Shl().i32Add().set(src);
              for (let v = 0; v < vectors; v++) emitMultiplyAdd(f, acc[v]!, () => f.get(splat).get(src).v128Load(16 * v), fma);
              f.increment(entry, 8);
              f.br(next);
            });
          });
          f.get(RELU).ifElse(() => {
            for (let v = 0; v < vectors; v++) f.get(acc[v]!).f32x4Const(0).f32x4Max().set(acc[v]!);
          });
          for (let v = 0; v < vectors; v++) f.get(dst).get(lane).i32(2).i32Shl().i32Add().get(acc[v]!).v128Store(16 * v);
        });
      }
    });
  });
}

/**
 * `transpose4(src, srcStride, dst, dstStride, rows, cols)`: `dst[c, r] = src[r, c]` for a
 * `rows x cols` block (both multiples of 4; strides in bytes), 4x4 tiles through shuffles.
 */
function addTranspose(module: WasmModuleBuilder): void {
  module.addFunction('transpose4', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [SRC, SS, DST, DS, ROWS, COLS] = [0, 1, 2, 3, 4, 5];
    const [r, c, s, d] = Array.from({ length: 4 }, () => f.local('i32'));
    const v = Array.from({ length: 8 }, () => f.local('v128'));
    f.i32(0).set(r);
    f.whileFits(r, ROWS, 4, () => {
      f.i32(0).set(c);
      f.whileFits(c, COLS, 4, () => {
        f.get(SRC).get(r).get(SS).i32Mul().i32Add().get(c).i32(2).i32Shl().i32Add().set(s);
        for (let k = 0; k < 4; k++) f.get(s).get(SS).i32(k).i32Mul().i32Add().v128Load().set(v[k]!);
        // (a b c d rows) -> pairs of interleaved lanes -> columns
        f.get(v[0]!).get(v[1]!).f32x4Shuffle([0, 4, 1, 5]).set(v[4]!);
        f.get(v[0]!).get(v[1]!).f32x4Shuffle([2, 6, 3, 7]).set(v[5]!);
        f.get(v[2]!).get(v[3]!).f32x4Shuffle([0, 4, 1, 5]).set(v[6]!);
        f.get(v[2]!).get(v[3]!).f32x4Shuffle([2, 6, 3, 7]).set(v[7]!);
        f.get(DST).get(c).get(DS).i32Mul().i32Add().get(r).i32(2).i32Shl().i32Add().set(d);
        const store = (k: number, a: number, b: number, lanes: readonly [number, number, number, number]): void => {
          f.get(d).get(DS).i32(k).i32Mul().i32Add();
          f.get(a).get(b).f32x4Shuffle(lanes).v128Store();
        };
        store(0, v[4]!, v[6]!, [0, 1, 4, 5]);
        store(1, v[4]!, v[6]!, [2, 3, 6, 7]);
        store(2, v[5]!, v[7]!, [0, 1, 4, 5]);
        store(3, v[5]!, v[7]!, [2, 3, 6, 7]);
      });
    });
  });
}

/** `count_zeros(x, n) -> i32`: how many of the `n` floats at `x` equal zero (either sign). */
function addCountZeros(module: WasmModuleBuilder): void {
  module.addFunction('count_zeros', ['i32', 'i32'], ['i32'], (f: WasmFunctionBuilder) => {
    const [X, N] = [0, 1];
    const [i, count] = [f.local('i32'), f.local('i32')];
    const acc = f.local('v128');
    f.i32x4Const(0, 0, 0, 0).set(acc);
    f.i32(0).set(i);
    // f32x4.eq gives -1 (all ones) per zero lane: summing the masks counts zeros, negated.
    f.whileFits(i, N, 4, () => {
      f.get(acc).get(X).get(i).i32(2).i32Shl().i32Add().v128Load().f32x4Const(0).f32x4Eq().i32x4Add().set(acc);
    });
    f.i32(0);
    for (let lane = 0; lane < 4; lane++) f.get(acc).i32x4ExtractLane(lane).i32Sub();
    f.set(count);
    f.whileFits(i, N, 1, () => {
      f.get(count).get(X).get(i).i32(2).i32Shl().i32Add().f32Load().f32(0).f32Eq().i32Add().set(count);
    });
    f.get(count);
  });
}

/** Adds `sparse_rows`, `transpose4` and `count_zeros` to `module`. */
export function addSparseProductKernels(module: WasmModuleBuilder, fma: boolean): void {
  addSparseRows(module, fma);
  addTranspose(module);
  addCountZeros(module);
}
