import type { WasmFunctionBuilder, WasmModuleBuilder } from '../module/wasm-module-builder';
import { addPackWeights, addSparseGather } from './sparse-gather-kernel';
import { addKeepNonzero, addSparseWeightGradient } from './sparse-weight-gradient-kernel';

/**
 * The batched products of training with a pruned weight matrix: `sparse_gather` and
 * `sparse_weight_gradient` (with `keep_nonzero`), each in its own file, the transposes that put the batch along SIMD lanes and back, and `count_zeros`/`all_nonzero`,
 * which find and check a weight buffer's pattern.
 */

/**
 * `transpose4(src, srcStride, dst, dstStride, rows, cols)`: `dst[c, r] = src[r, c]` for a
 * `rows x cols` block (both multiples of 4; strides in bytes), 4x4 tiles through shuffles, the
 * tiles of one row block of `src` in turn. `transpose4_by_columns` does the same with the tiles of
 * one column block of `src` (one row block of `dst`) in turn: use it when `dst`'s rows are the far
 * apart ones, so that the stores run along them (rows 4 KB apart alias in L1: [1024, 32] ->
 * [32, 1024] took 26 us with the other order, 9 us with this one).
 */
function addTranspose(module: WasmModuleBuilder, order: 'rows' | 'columns'): void {
  module.addFunction(order === 'rows' ? 'transpose4' : 'transpose4_by_columns', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [SRC, SS, DST, DS, ROWS, COLS] = [0, 1, 2, 3, 4, 5];
    const [outer, inner, s, d, srcStart, dstStart, ss2, ss3, ds2, ds3, srcStep, dstStep] = Array.from({ length: 12 }, () => f.local('i32'));
    const v = Array.from({ length: 8 }, () => f.local('v128'));
    f.get(SS).i32(1).i32Shl().set(ss2);
    f.get(ss2).get(SS).i32Add().set(ss3);
    f.get(DS).i32(1).i32Shl().set(ds2);
    f.get(ds2).get(DS).i32Add().set(ds3);
    // Along the inner loop a tile moves 4 columns of src (4 rows of dst) or 4 rows of src (4 columns of dst).
    if (order === 'rows') {
      f.i32(16).set(srcStep);
      f.get(DS).i32(2).i32Shl().set(dstStep);
    } else {
      f.get(SS).i32(2).i32Shl().set(srcStep);
      f.i32(16).set(dstStep);
    }
    const [outerLimit, innerLimit] = order === 'rows' ? [ROWS, COLS] : [COLS, ROWS];
    f.get(SRC).set(srcStart);
    f.get(DST).set(dstStart);
    f.i32(0).set(outer);
    f.whileFits(outer, outerLimit, 4, () => {
      f.get(srcStart).set(s);
      f.get(dstStart).set(d);
      f.i32(0).set(inner);
      f.whileFits(inner, innerLimit, 4, () => {
        f.get(s).v128Load().set(v[0]!);
        f.get(s).get(SS).i32Add().v128Load().set(v[1]!);
        f.get(s).get(ss2).i32Add().v128Load().set(v[2]!);
        f.get(s).get(ss3).i32Add().v128Load().set(v[3]!);
        // (a b c d rows) -> pairs of interleaved lanes -> columns
        f.get(v[0]!).get(v[1]!).f32x4Shuffle([0, 4, 1, 5]).set(v[4]!);
        f.get(v[0]!).get(v[1]!).f32x4Shuffle([2, 6, 3, 7]).set(v[5]!);
        f.get(v[2]!).get(v[3]!).f32x4Shuffle([0, 4, 1, 5]).set(v[6]!);
        f.get(v[2]!).get(v[3]!).f32x4Shuffle([2, 6, 3, 7]).set(v[7]!);
        f.get(d).get(v[4]!).get(v[6]!).f32x4Shuffle([0, 1, 4, 5]).v128Store();
        f.get(d).get(DS).i32Add().get(v[4]!).get(v[6]!).f32x4Shuffle([2, 3, 6, 7]).v128Store();
        f.get(d).get(ds2).i32Add().get(v[5]!).get(v[7]!).f32x4Shuffle([0, 1, 4, 5]).v128Store();
        f.get(d).get(ds3).i32Add().get(v[5]!).get(v[7]!).f32x4Shuffle([2, 3, 6, 7]).v128Store();
        f.get(s).get(srcStep).i32Add().set(s);
        f.get(d).get(dstStep).i32Add().set(d);
      });
      if (order === 'rows') {
        f.get(srcStart).get(SS).i32(2).i32Shl().i32Add().set(srcStart);
        f.increment(dstStart, 16);
      } else {
        f.increment(srcStart, 16);
        f.get(dstStart).get(DS).i32(2).i32Shl().i32Add().set(dstStart);
      }
    });
  });
}

/** `count_zeros(x, n) -> i32`: how many of the `n` floats at `x` equal zero (either sign). */
function addCountZeros(module: WasmModuleBuilder): void {
  module.addFunction('count_zeros', ['i32', 'i32'], ['i32'], (f: WasmFunctionBuilder) => {
    const [X, N] = [0, 1];
    const [i, p, count] = [f.local('i32'), f.local('i32'), f.local('i32')];
    const acc = [f.local('v128'), f.local('v128')];
    for (const a of acc) f.i32x4Const(0, 0, 0, 0).set(a);
    f.get(X).set(p);
    f.i32(0).set(i);
    // f32x4.eq gives -1 (all ones) per zero lane: summing the masks counts zeros, negated.
    f.whileFits(i, N, 8, () => {
      for (let k = 0; k < 2; k++) f.get(acc[k]!).get(p).v128Load(16 * k).f32x4Const(0).f32x4Eq().i32x4Add().set(acc[k]!);
      f.increment(p, 32);
    });
    f.get(acc[0]!).get(acc[1]!).i32x4Add().set(acc[0]!);
    f.i32(0);
    for (let lane = 0; lane < 4; lane++) f.get(acc[0]!).i32x4ExtractLane(lane).i32Sub();
    f.set(count);
    f.whileFits(i, N, 1, () => {
      f.get(count).get(p).f32Load().f32(0).f32Eq().i32Add().set(count);
      f.increment(p, 4);
    });
    f.get(count);
  });
}

/**
 * `all_nonzero(w, entries, n) -> i32`: 1 when every weight the `n` entries (i32 pairs, the first
 * a byte offset into `w`) point at is nonzero, else 0: the check that a kept pattern still
 * describes a new weight buffer.
 */
function addAllNonzero(module: WasmModuleBuilder): void {
  module.addFunction('all_nonzero', ['i32', 'i32', 'i32'], ['i32'], (f: WasmFunctionBuilder) => {
    const [W, ENTRIES, N] = [0, 1, 2];
    const [k, p, result] = [f.local('i32'), f.local('i32'), f.local('i32')];
    f.i32(1).set(result);
    f.get(ENTRIES).set(p);
    f.block((done) => {
      f.forCount(k, N, () => {
        f.get(W).get(p).i32Load().i32Add().f32Load().f32(0).f32Eq().ifElse(() => {
          f.i32(0).set(result);
          f.br(done);
        });
        f.increment(p, 8);
      });
    });
    f.get(result);
  });
}

/** Adds `sparse_gather`, `pack_weights`, `sparse_weight_gradient`, `keep_nonzero`, the transposes, `count_zeros` and `all_nonzero` to `module`. */
export function addSparseProductKernels(module: WasmModuleBuilder, fma: boolean): void {
  addSparseGather(module, fma);
  addPackWeights(module);
  addSparseWeightGradient(module, fma);
  addKeepNonzero(module);
  addTranspose(module, 'rows');
  addTranspose(module, 'columns');
  addCountZeros(module);
  addAllNonzero(module);
}
