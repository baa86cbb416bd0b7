import type { WasmModuleBuilder } from '../module/wasm-module-builder';
import { PATCH_GEOMETRY } from './conv-helpers';
import { columnPanels, emitGemmEpilogue, emitMultiplyAdd, GEMM_BLOCK } from './gemm-kernels';

/**
 * Parameters of `conv_nn`, all i32, laid out as the GEMM functions' so the shared epilogue reads
 * bias and flags from the same places: x, geometry record, w, ldb, out, ldc (bytes), m (output
 * pixels), n (output channels), zero (a pointer to inChannels zero floats), bias (pointer or 0),
 * flags (`GEMM_FLAGS`).
 */
const CONV_PARAMS = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;
const [X, GEOM, W, LDB, OUT, LDC, M, N, ZERO] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Adds `conv_nn`: a convolution as an implicit GEMM, out[P, n] = patches(x) · W with W
 * `[kh·kw·Cin, n]` (an HWIO filter), without writing the patch matrix. Each register block (the
 * blocking of the broadcast GEMM) walks the filter taps; per tap every row points at its input
 * pixel's Cin channels, or at `zero` where the tap falls into the padding, and k runs over Cin.
 * That saves im2col's write and re-read of a matrix kh·kw times the input (Impala x1's 45 patch
 * matrices per update cost 0.8 ms of 10). Worth it from about 8 input channels: below that the
 * per-tap pointer work outweighs the short k loop, and callers use im2col + GEMM.
 */
export function addImplicitConvGemm(module: WasmModuleBuilder, fma: boolean): void {
  const { rows, vectors } = GEMM_BLOCK;
  module.addFunction('conv_nn', CONV_PARAMS, [], (f) => {
    const g = {} as Record<(typeof PATCH_GEOMETRY)[number], number>;
    PATCH_GEOMETRY.forEach((key, i) => {
      g[key] = f.local('i32');
      f.get(GEOM).i32Load(4 * i).set(g[key]);
    });
    const i32 = (): number => f.local('i32');
    const [i0, j0, kk, pb, pc, colByte, di, dj, iy, ix, ox, oy, image, imageBytes, pixelBytes, rowBytes, b, inside, anyInside] = Array.from({ length: 19 }, i32);
    const pa = Array.from({ length: rows }, i32);
    const iy0 = Array.from({ length: rows }, i32);
    const ix0 = Array.from({ length: rows }, i32);
    const base = Array.from({ length: rows }, i32);
    const outRow = Array.from({ length: rows }, i32);
    const vecAcc = Array.from({ length: rows * vectors }, () => f.local('v128'));
    const bv = Array.from({ length: vectors }, () => f.local('v128'));
    const splat = f.local('v128');
    const scalarAcc = Array.from({ length: rows }, () => f.local('f32'));
    const ftmp = f.local('f32');

    f.get(g.inChannels).i32(2).i32Shl().set(pixelBytes);
    f.get(g.inWidth).get(pixelBytes).i32Mul().set(rowBytes);
    f.get(g.inHeight).get(rowBytes).i32Mul().set(imageBytes);


    /**
     * Row `r` of the block takes the cursor's pixel (its first tap's position and its output row),
     * then the cursor moves on, images fastest: the rows of a block are one pixel position of
     * consecutive images (while the batch lasts), so a tap in the padding is in it for every row
     * and the block skips it (small images: a 3x3 'same' convolution of a 3x3 image has 40% of its
     * taps in the padding).
     */
    const takePixel = (r: number): void => {
      f.get(oy).get(g.strideHeight).i32Mul().get(g.padTop).i32Sub().set(iy0[r]!);
      f.get(ox).get(g.strideWidth).i32Mul().get(g.padLeft).i32Sub().set(ix0[r]!);
      f.get(image).set(base[r]!);
      // out row = (b·Ho + oy)·Wo + ox
      f.get(OUT).get(b).get(g.outHeight).i32Mul().get(oy).i32Add().get(g.outWidth).i32Mul().get(ox).i32Add().get(LDC).i32Mul().i32Add().set(outRow[r]!);
      f.increment(b, 1);
      f.get(image).get(imageBytes).i32Add().set(image);
      f.get(b).get(g.batch).i32Eq().ifElse(() => {
        f.i32(0).set(b);
        f.get(X).set(image);
        f.increment(ox, 1);
        f.get(ox).get(g.outWidth).i32Eq().ifElse(() => {
          f.i32(0).set(ox);
          f.increment(oy, 1);
        });
      });
    };

    /** One block of `mr` rows x `nv` vectors (or one scalar column when 0) at (i0, j0). */
    const block = (mr: number, nv: number): void => {
      const vector = nv > 0;
      const width = vector ? nv : 1;
      const acc = (r: number, v: number): number => (vector ? vecAcc[r * nv + v]! : scalarAcc[r]!);
      for (let r = 0; r < mr; r++) takePixel(r);
      for (let r = 0; r < mr; r++) {
        for (let v = 0; v < width; v++) {
          if (vector) f.f32x4Const(0).set(acc(r, v));
          else f.f32(0).set(acc(r, v));
        }
      }
      f.get(W).get(j0).i32(2).i32Shl().i32Add().set(pb);
      f.forCount(di, g.filterHeight, () => {
        f.forCount(dj, g.filterWidth, () => {
          f.i32(0).set(anyInside);
          for (let r = 0; r < mr; r++) {
            f.get(iy0[r]!).get(di).get(g.dilationHeight).i32Mul().i32Add().set(iy);
            f.get(ix0[r]!).get(dj).get(g.dilationWidth).i32Mul().i32Add().set(ix);
            // inside = iy <u H && ix <u W (negative values wrap to large unsigned ones)
            f.get(iy).get(g.inHeight).i32LtU().get(ix).get(g.inWidth).i32LtU().i32And().set(inside);
            f.get(anyInside).get(inside).i32Or().set(anyInside);
            f.get(base[r]!).get(iy).get(rowBytes).i32Mul().i32Add().get(ix).get(pixelBytes).i32Mul().i32Add();
            f.get(ZERO);
            f.get(inside);
            f.select().set(pa[r]!);
          }
          // A tap in the padding for every row adds nothing: skip it (its filter rows too).
          f.get(anyInside).i32Eqz().ifElse(() => {
            f.get(pb).get(g.inChannels).get(LDB).i32Mul().i32Add().set(pb);
          }, () => {
          f.get(g.inChannels).set(kk);
          f.loop((top) => {
            if (vector) {
              for (let v = 0; v < nv; v++) f.get(pb).v128Load(16 * v).set(bv[v]!);
            } else {
              f.get(pb).f32Load().set(ftmp);
            }
            for (let r = 0; r < mr; r++) {
              if (vector) {
                f.get(pa[r]!).v128Load32Splat().set(splat);
                for (let v = 0; v < nv; v++) emitMultiplyAdd(f, acc(r, v), () => f.get(splat).get(bv[v]!), fma);
              } else {
                f.get(acc(r, 0)).get(pa[r]!).f32Load().get(ftmp).f32Mul().f32Add().set(acc(r, 0));
              }
              f.increment(pa[r]!, 4);
            }
            f.get(pb).get(LDB).i32Add().set(pb);
            f.get(kk).i32(1).i32Sub().tee(kk).brIf(top);
          });
          });
        });
      });
      f.get(j0).i32(2).i32Shl().set(colByte);
      for (let r = 0; r < mr; r++) {
        f.get(outRow[r]!).set(pc);
        for (let v = 0; v < width; v++) emitGemmEpilogue(f, acc(r, v), vector, pc, colByte, 16 * v);
      }
    };

    /** One column panel down all rows, the cursor starting at the first pixel. */
    const panel = (nv: number): void => {
      f.i32(0).set(ox);
      f.i32(0).set(oy);
      f.i32(0).set(b);
      f.get(X).set(image);
      f.i32(0).set(i0);
      f.whileFits(i0, M, rows, () => block(rows, nv));
      f.whileFits(i0, M, 1, () => block(1, nv));
    };

    f.i32(0).set(j0);
    for (const [width, nv] of columnPanels(vectors)) {
      f.whileFits(j0, N, width, () => panel(nv));
    }
  });
}
