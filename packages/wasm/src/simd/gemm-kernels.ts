import type { WasmFunctionBuilder, WasmModuleBuilder } from '../module/wasm-module-builder';

/** Epilogue flags of the generated GEMM functions (bit set). */
export const GEMM_FLAGS = Object.freeze({
  /** max(0, x) after bias and accumulation. */
  relu: 1,
  /** C += A·B instead of C = A·B. */
  accumulate: 2,
});

/**
 * Register blocking of the broadcast kernels: rows of A per block and f32x4 vectors of B per row.
 * 2 x 4 keeps 8 accumulators, 4 B vectors and a splat in registers (x64 has 16 XMM registers; V8
 * spills beyond that) and reads whole 64-byte lines of B. Measured on the products of a MinAtar
 * and an Impala update (32x1024x128, 2048x36x16, 800x144x16, 288x288x32): fastest among 2x4, 4x2,
 * 3x2, 4x3 and 6x2, with and without fused multiply-add (2x4: 37-39 GFLOP/s, 48-52 with FMA).
 */
export const GEMM_BLOCK = Object.freeze({ rows: 2, vectors: 4 });

/**
 * Column panels of the broadcast kernels, widest first: `[columns, f32x4 vectors]` pairs for full
 * panels of `vectors` vectors, then one-vector panels, then single scalar columns (0 vectors).
 */
export function columnPanels(vectors: number): ReadonlyArray<readonly [number, number]> {
  return [[4 * vectors, vectors], [4, 1], [1, 0]];
}

/**
 * Adds `acc + a·b` for `a`, `b` pushed by `operands`, into local `acc`: one relaxed-SIMD fused
 * multiply-add when `fma`, else a multiply and an add.
 */
export function emitMultiplyAdd(f: WasmFunctionBuilder, acc: number, operands: () => void, fma: boolean): void {
  if (fma) {
    operands();
    f.get(acc).f32x4RelaxedMadd().set(acc);
  } else {
    f.get(acc);
    operands();
    f.f32x4Mul().f32x4Add().set(acc);
  }
}

/**
 * Parameters shared by the GEMM functions, all i32: pointers and strides in bytes, sizes in
 * elements. `bias` is a pointer to `n` floats or 0 for none.
 */
const GEMM_PARAMS = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;
const [A, LDA, B, LDB, C, LDC, M, N, K, BIAS, FLAGS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** How A is addressed: row-major `[m, k]` (`nn`) or stored transposed `[k, m]` (`tn`). */
type ALayout = 'nn' | 'tn';

interface Locals {
  readonly i0: number;
  readonly j0: number;
  readonly kk: number;
  readonly pb: number;
  readonly pa: readonly number[];
  readonly pc: number;
  readonly vecAcc: readonly number[];
  readonly bv: readonly number[];
  readonly splat: number;
  readonly scalarAcc: readonly number[];
  readonly tmp: number;
  readonly ftmp: number;
}

/**
 * Writes the epilogue of one output value held in local `acc` (v128 or f32) to `c + offset`:
 * bias, accumulation into C, ReLU, store. `columnByte` is a local holding the column's byte offset.
 * Reads bias and flags from parameters 9 and 10 (the GEMM signature's places).
 */
export function emitGemmEpilogue(f: WasmFunctionBuilder, acc: number, vector: boolean, rowPointer: number, columnByte: number, offset: number): void {
  const load = (): WasmFunctionBuilder => (vector ? f.v128Load(offset) : f.f32Load(offset));
  const add = (): WasmFunctionBuilder => (vector ? f.f32x4Add() : f.f32Add());
  // bias
  f.get(BIAS).ifElse(() => {
    f.get(acc).get(BIAS).get(columnByte).i32Add();
    load();
    add().set(acc);
  });
  // accumulate
  f.get(FLAGS).i32(GEMM_FLAGS.accumulate).i32And().ifElse(() => {
    f.get(acc).get(rowPointer).get(columnByte).i32Add();
    load();
    add().set(acc);
  });
  // relu
  f.get(FLAGS).i32(GEMM_FLAGS.relu).i32And().ifElse(() => {
    if (vector) f.get(acc).f32x4Const(0).f32x4Max().set(acc);
    else f.get(acc).f32(0).f32Max().set(acc);
  });
  f.get(rowPointer).get(columnByte).i32Add().get(acc);
  if (vector) f.v128Store(offset);
  else f.f32Store(offset);
}

/**
 * One block of `mr` rows x (`nv` f32x4 vectors, or one scalar column when `nv` is 0) at (i0, j0):
 * C[i0.., j0..] = A[i0.., :] · B[:, j0..] with the epilogue. Broadcast form: each step of k loads
 * one row slice of B and splats one A value per row.
 */
function emitBlock(f: WasmFunctionBuilder, l: Locals, layout: ALayout, mr: number, nv: number, fma: boolean): void {
  const vector = nv > 0;
  const width = vector ? nv : 1;
  const acc = (r: number, v: number): number => (vector ? l.vecAcc[r * nv + v]! : l.scalarAcc[r]!);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < width; v++) {
      if (vector) f.f32x4Const(0).set(acc(r, v));
      else f.f32(0).set(acc(r, v));
    }
  }
  // pb = b + j0 * 4
  f.get(B).get(l.j0).i32(2).i32Shl().i32Add().set(l.pb);
  if (layout === 'nn') {
    // pa[r] = a + (i0 + r) * lda
    for (let r = 0; r < mr; r++) f.get(A).get(l.i0).i32(r).i32Add().get(LDA).i32Mul().i32Add().set(l.pa[r]!);
  } else {
    // pa = a + i0 * 4 (row kk of the stored [k, m] matrix), rows r at offset 4r
    f.get(A).get(l.i0).i32(2).i32Shl().i32Add().set(l.pa[0]!);
  }
  f.get(K).set(l.kk);
  f.loop((top) => {
    if (vector) {
      for (let v = 0; v < nv; v++) f.get(l.pb).v128Load(16 * v).set(l.bv[v]!);
    } else {
      f.get(l.pb).f32Load().set(l.ftmp);
    }
    for (let r = 0; r < mr; r++) {
      const pointer = layout === 'nn' ? l.pa[r]! : l.pa[0]!;
      const offset = layout === 'nn' ? 0 : 4 * r;
      if (vector) {
        f.get(pointer).v128Load32Splat(offset).set(l.splat);
        for (let v = 0; v < nv; v++) emitMultiplyAdd(f, acc(r, v), () => f.get(l.splat).get(l.bv[v]!), fma);
      } else {
        f.get(acc(r, 0)).get(pointer).f32Load(offset).get(l.ftmp).f32Mul().f32Add().set(acc(r, 0));
      }
    }
    if (layout === 'nn') for (let r = 0; r < mr; r++) f.increment(l.pa[r]!, 4);
    else f.incrementBy(l.pa[0]!, LDA);
    f.incrementBy(l.pb, LDB);
    f.get(l.kk).i32(1).i32Sub().tee(l.kk).brIf(top);
  });
  // column byte offset j0 * 4 in tmp
  f.get(l.j0).i32(2).i32Shl().set(l.tmp);
  for (let r = 0; r < mr; r++) {
    // pc = c + (i0 + r) * ldc
    f.get(C).get(l.i0).i32(r).i32Add().get(LDC).i32Mul().i32Add().set(l.pc);
    for (let v = 0; v < width; v++) emitGemmEpilogue(f, acc(r, v), vector, l.pc, l.tmp, 16 * v);
  }
}

/**
 * One column panel (`nv` vectors wide, or one scalar column) down all rows: blocks of `rows` rows,
 * then single rows. Panels outside, rows inside: the panel of B (k x 8 floats, 32 KB at k = 1024)
 * stays in L1 while every row block streams past it.
 */
function emitColumnPanel(f: WasmFunctionBuilder, l: Locals, layout: ALayout, rows: number, nv: number, fma: boolean): void {
  f.i32(0).set(l.i0);
  f.whileFits(l.i0, M, rows, () => emitBlock(f, l, layout, rows, nv, fma));
  f.whileFits(l.i0, M, 1, () => emitBlock(f, l, layout, 1, nv, fma));
}

function declareLocals(f: WasmFunctionBuilder, rows: number, vectors: number): Locals {
  const i32 = (): number => f.local('i32');
  return {
    i0: i32(),
    j0: i32(),
    kk: i32(),
    pb: i32(),
    pc: i32(),
    tmp: i32(),
    pa: Array.from({ length: rows }, i32),
    vecAcc: Array.from({ length: rows * vectors }, () => f.local('v128')),
    bv: Array.from({ length: vectors }, () => f.local('v128')),
    splat: f.local('v128'),
    scalarAcc: Array.from({ length: rows }, () => f.local('f32')),
    ftmp: f.local('f32'),
  };
}

/** How a broadcast GEMM is generated (see {@link addBroadcastGemm}). */
export interface BroadcastGemmOptions {
  /** Rows of A per register block. Default {@link GEMM_BLOCK}. */
  readonly rows?: number;
  /** f32x4 vectors of B per register block. Default {@link GEMM_BLOCK}. */
  readonly vectors?: number;
  /** Export name. Default `gemm_<layout>`. */
  readonly name?: string;
  /** Use relaxed-SIMD fused multiply-add (the engine must have relaxed SIMD). Default false. */
  readonly fma?: boolean;
}

/**
 * Adds `gemm_nn` (C = A·B, A `[m, k]`) or `gemm_tn` (C = Aᵀ·B, A stored `[k, m]`) to `module`.
 * Signature: (a, lda, b, ldb, c, ldc, m, n, k, bias, flags), strides in bytes, k >= 1.
 */
export function addBroadcastGemm(module: WasmModuleBuilder, layout: ALayout, options: BroadcastGemmOptions = {}): void {
  const { rows = GEMM_BLOCK.rows, vectors = GEMM_BLOCK.vectors, name = `gemm_${layout}`, fma = false } = options;
  module.addFunction(name, GEMM_PARAMS, [], (f) => {
    const l = declareLocals(f, rows, vectors);
    f.i32(0).set(l.j0);
    for (const [width, nv] of columnPanels(vectors)) {
      f.whileFits(l.j0, N, width, () => emitColumnPanel(f, l, layout, rows, nv, fma));
    }
  });
}

/**
 * Adds `gemm_nt` (C = A·Bᵀ with A `[m, k]` and B stored `[n, k]`) to `module`: a dot-product
 * kernel vectorised along k (both operands are read contiguously, so no transpose is needed), in
 * blocks of 2 rows x 4 columns, with a scalar tail for k % 4 and horizontal sums at the end.
 * Same signature as the broadcast kernels.
 */
export function addDotGemm(module: WasmModuleBuilder, fma = false): void {
  const MR = 2;
  const NC = 4;
  module.addFunction('gemm_nt', GEMM_PARAMS, [], (f) => {
    const i0 = f.local('i32');
    const j0 = f.local('i32');
    const kk = f.local('i32');
    const k4 = f.local('i32');
    const pc = f.local('i32');
    const colByte = f.local('i32');
    const pa = Array.from({ length: MR }, () => f.local('i32'));
    const pb = Array.from({ length: NC }, () => f.local('i32'));
    const acc = Array.from({ length: MR * NC }, () => f.local('v128'));
    const av = Array.from({ length: MR }, () => f.local('v128'));
    const bvec = f.local('v128');
    const sums = Array.from({ length: MR * NC }, () => f.local('f32'));
    const sumScratch = f.local('f32');
    const [lo, hi, s01, s23] = Array.from({ length: 4 }, () => f.local('v128'));
    // k4 = k rounded down to a multiple of 4, in bytes
    f.get(K).i32(-4).i32And().i32(2).i32Shl().set(k4);

    const block = (mr: number, nc: number): void => {
      // one block; the vector reduction branches to its end
      f.block((blockDone) => {
        for (let x = 0; x < mr * nc; x++) f.f32x4Const(0).set(acc[x]!);
        for (let r = 0; r < mr; r++) f.get(A).get(i0).i32(r).i32Add().get(LDA).i32Mul().i32Add().set(pa[r]!);
        for (let c = 0; c < nc; c++) f.get(B).get(j0).i32(c).i32Add().get(LDB).i32Mul().i32Add().set(pb[c]!);
        // vector part over k: kk is a byte offset
        f.i32(0).set(kk);
        f.block((done) => {
          f.loop((next) => {
            f.get(kk).get(k4).i32GeS().brIf(done);
            for (let r = 0; r < mr; r++) f.get(pa[r]!).get(kk).i32Add().v128Load().set(av[r]!);
            for (let c = 0; c < nc; c++) {
              f.get(pb[c]!).get(kk).i32Add().v128Load().set(bvec);
              for (let r = 0; r < mr; r++) emitMultiplyAdd(f, acc[r * nc + c]!, () => f.get(av[r]!).get(bvec), fma);
            }
            f.increment(kk, 16);
            f.br(next);
          });
        });
        if (nc === NC) {
          // k a multiple of 4 (no tail): each row's four column sums as one vector, by transposing
          // shuffles, and a vector epilogue (about a fifth of a 32x1024x128 product went to
          // sixteen lane extractions and scalar stores per block).
          f.get(K).i32(3).i32And().i32Eqz().ifElse(() => {
            f.get(j0).i32(2).i32Shl().set(colByte);
            for (let r = 0; r < mr; r++) {
              const a = (c: number): number => acc[r * nc + c]!;
              // s01 = (a0[0]+a0[2], a1[0]+a1[2], a0[1]+a0[3], a1[1]+a1[3]), s23 likewise
              for (const [first, second, target] of [[0, 1, s01], [2, 3, s23]] as const) {
                f.get(a(first)).get(a(second)).f32x4Shuffle([0, 4, 1, 5]).set(lo);
                f.get(a(first)).get(a(second)).f32x4Shuffle([2, 6, 3, 7]).set(hi);
                f.get(lo).get(hi).f32x4Add().set(target);
              }
              f.get(s01).get(s23).f32x4Shuffle([0, 1, 4, 5]).get(s01).get(s23).f32x4Shuffle([2, 3, 6, 7]).f32x4Add().set(lo);
              f.get(C).get(i0).i32(r).i32Add().get(LDC).i32Mul().i32Add().set(pc);
              emitGemmEpilogue(f, lo, true, pc, colByte, 0);
            }
            f.br(blockDone);
          });
        }
        // horizontal sums
        for (let x = 0; x < mr * nc; x++) {
          f.get(acc[x]!).f32x4ExtractLane(0).get(acc[x]!).f32x4ExtractLane(1).f32Add();
          f.get(acc[x]!).f32x4ExtractLane(2).get(acc[x]!).f32x4ExtractLane(3).f32Add().f32Add().set(sums[x]!);
        }
        // scalar tail over k
        f.block((done) => {
          f.loop((next) => {
            f.get(kk).get(K).i32(2).i32Shl().i32GeS().brIf(done);
            for (let r = 0; r < mr; r++) {
              for (let c = 0; c < nc; c++) {
                f.get(sums[r * nc + c]!).get(pa[r]!).get(kk).i32Add().f32Load().get(pb[c]!).get(kk).i32Add().f32Load().f32Mul().f32Add().set(sums[r * nc + c]!);
              }
            }
            f.increment(kk, 4);
            f.br(next);
          });
        });
        f.get(j0).i32(2).i32Shl().set(colByte);
        for (let r = 0; r < mr; r++) {
          f.get(C).get(i0).i32(r).i32Add().get(LDC).i32Mul().i32Add().set(pc);
          for (let c = 0; c < nc; c++) {
            f.get(sums[r * nc + c]!).set(sumScratch);
            emitGemmEpilogue(f, sumScratch, false, pc, colByte, 4 * c);
          }
        }
      });
    };

    const rowBlock = (mr: number): void => {
      f.i32(0).set(j0);
      f.whileFits(j0, N, NC, () => block(mr, NC));
      f.whileFits(j0, N, 1, () => block(mr, 1));
    };

    f.i32(0).set(i0);
    f.whileFits(i0, M, MR, () => rowBlock(MR));
    f.whileFits(i0, M, 1, () => rowBlock(1));
  });
}

/**
 * Adds `gemm_row(a, lda, b, ldb, c, ldc, m, n, k, bias, flags)` (the GEMM signature) for products
 * of few rows (acting): each row of C is built as Σ_k a[k]·B[k, :] four rows of B at a time, so B
 * streams through memory row after row (whole cache lines, sequential pages), which the panel
 * kernels do not do: for a 7744x512 layer at batch 1 they read B column panel by column panel.
 */
export function addRowGemm(module: WasmModuleBuilder, fma = false): void {
  module.addFunction('gemm_row', GEMM_PARAMS, [], (f) => {
    const [i, kk, j, pa, pb, pc, n4, k4] = Array.from({ length: 8 }, () => f.local('i32'));
    const [s0, s1, s2, s3, acc] = Array.from({ length: 5 }, () => f.local('v128'));
    const sacc = f.local('f32');
    f.get(N).i32(-4).i32And().set(n4);
    f.get(K).i32(-4).i32And().set(k4);
    f.forCount(i, M, () => {
      f.get(C).get(i).get(LDC).i32Mul().i32Add().set(pc);
      // c = bias, or 0, unless accumulating
      f.get(FLAGS).i32(GEMM_FLAGS.accumulate).i32And().i32Eqz().ifElse(() => {
        f.get(BIAS).ifElse(
          () => {
            f.forCount(j, N, () => {
              f.get(pc).get(j).i32(2).i32Shl().i32Add().get(BIAS).get(j).i32(2).i32Shl().i32Add().f32Load().f32Store();
            });
          },
          () => {
            f.get(pc).i32(0).get(N).i32(2).i32Shl().memoryFill();
          },
        );
      });
      f.get(A).get(i).get(LDA).i32Mul().i32Add().set(pa);
      f.get(B).set(pb);
      // four rows of B at a time
      f.i32(0).set(kk);
      f.block((done) => {
        f.loop((next) => {
          f.get(kk).get(k4).i32GeS().brIf(done);
          f.get(pa).v128Load32Splat(0).set(s0);
          f.get(pa).v128Load32Splat(4).set(s1);
          f.get(pa).v128Load32Splat(8).set(s2);
          f.get(pa).v128Load32Splat(12).set(s3);
          f.i32(0).set(j);
          f.block((vdone) => {
            f.loop((vec) => {
              f.get(j).get(n4).i32GeS().brIf(vdone);
              // acc = c[j] + s0·B[k][j] + s1·B[k+1][j] + s2·B[k+2][j] + s3·B[k+3][j]
              f.get(pc).get(j).i32(2).i32Shl().i32Add().v128Load().set(acc);
              for (const [r, sv] of [[0, s0], [1, s1], [2, s2], [3, s3]] as const) {
                emitMultiplyAdd(f, acc, () => f.get(sv).get(pb).get(LDB).i32(r).i32Mul().i32Add().get(j).i32(2).i32Shl().i32Add().v128Load(), fma);
              }
              f.get(pc).get(j).i32(2).i32Shl().i32Add().get(acc).v128Store();
              f.increment(j, 4);
              f.br(vec);
            });
          });
          // scalar columns
          f.block((sdone) => {
            f.loop((scalar) => {
              f.get(j).get(N).i32GeS().brIf(sdone);
              f.get(pc).get(j).i32(2).i32Shl().i32Add().f32Load().set(sacc);
              for (let r = 0; r < 4; r++) {
                f.get(sacc).get(pa).f32Load(4 * r).get(pb).get(LDB).i32(r).i32Mul().i32Add().get(j).i32(2).i32Shl().i32Add().f32Load().f32Mul().f32Add().set(sacc);
              }
              f.get(pc).get(j).i32(2).i32Shl().i32Add().get(sacc).f32Store();
              f.increment(j, 1);
              f.br(scalar);
            });
          });
          f.increment(pa, 16);
          f.get(pb).get(LDB).i32(2).i32Shl().i32Add().set(pb);
          f.increment(kk, 4);
          f.br(next);
        });
      });
      // remaining rows of B one at a time
      f.block((done) => {
        f.loop((next) => {
          f.get(kk).get(K).i32GeS().brIf(done);
          f.get(pa).v128Load32Splat().set(s0);
          f.get(pa).f32Load().set(sacc);
          f.i32(0).set(j);
          f.block((vdone) => {
            f.loop((vec) => {
              f.get(j).get(n4).i32GeS().brIf(vdone);
              f.get(pc).get(j).i32(2).i32Shl().i32Add();
              f.get(pc).get(j).i32(2).i32Shl().i32Add().v128Load().get(s0).get(pb).get(j).i32(2).i32Shl().i32Add().v128Load().f32x4Mul().f32x4Add();
              f.v128Store();
              f.increment(j, 4);
              f.br(vec);
            });
          });
          f.block((sdone) => {
            f.loop((scalar) => {
              f.get(j).get(N).i32GeS().brIf(sdone);
              f.get(pc).get(j).i32(2).i32Shl().i32Add();
              f.get(pc).get(j).i32(2).i32Shl().i32Add().f32Load().get(sacc).get(pb).get(j).i32(2).i32Shl().i32Add().f32Load().f32Mul().f32Add();
              f.f32Store();
              f.increment(j, 1);
              f.br(scalar);
            });
          });
          f.increment(pa, 4);
          f.get(pb).get(LDB).i32Add().set(pb);
          f.increment(kk, 1);
          f.br(next);
        });
      });
      f.get(FLAGS).i32(GEMM_FLAGS.relu).i32And().ifElse(() => {
        f.forCount(j, N, () => {
          f.get(pc).get(j).i32(2).i32Shl().i32Add().tee(pb);
          f.get(pb).f32Load().f32(0).f32Max().f32Store();
        });
      });
    });
  });
}
