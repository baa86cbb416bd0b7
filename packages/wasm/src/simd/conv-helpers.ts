import type { WasmFunctionBuilder, WasmModuleBuilder } from '../module/wasm-module-builder';

/**
 * Order of the int32 geometry record the patch functions read (one record, written before each
 * call): batch, input height, width, channels, filter height, width, strides, dilations, the top
 * and left padding, and the output height and width.
 */
export const PATCH_GEOMETRY = ['batch', 'inHeight', 'inWidth', 'inChannels', 'filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'dilationHeight', 'dilationWidth', 'padTop', 'padLeft', 'outHeight', 'outWidth'] as const;

/** A convolution's geometry, as the patch functions take it. */
export type PatchGeometry = Record<(typeof PATCH_GEOMETRY)[number], number>;

/** The record's values in {@link PATCH_GEOMETRY} order. */
export function geometryValues(g: PatchGeometry): number[] {
  return PATCH_GEOMETRY.map((key) => g[key]);
}

/**
 * Copies (`im2col`) or adds back (`col2im`) `channels` floats between `x + xOffset` and
 * `col + colOffset`, four at a time, then one at a time.
 */
function emitRun(f: WasmFunctionBuilder, mode: 'copy' | 'add' | 'zero', src: number, dst: number, channels: number, c: number): void {
  f.i32(0).set(c);
  f.block((done) => {
    f.loop((next) => {
      f.get(c).i32(4).i32Add().get(channels).i32GtS().brIf(done);
      if (mode === 'zero') {
        f.get(dst).f32x4Const(0).v128Store();
      } else if (mode === 'copy') {
        f.get(dst).get(src).v128Load().v128Store();
      } else {
        f.get(dst).get(dst).v128Load().get(src).v128Load().f32x4Add().v128Store();
      }
      f.increment(src, 16).increment(dst, 16).increment(c, 4);
      f.br(next);
    });
  });
  f.block((done) => {
    f.loop((next) => {
      f.get(c).get(channels).i32GeS().brIf(done);
      if (mode === 'zero') {
        f.get(dst).f32(0).f32Store();
      } else if (mode === 'copy') {
        f.get(dst).get(src).f32Load().f32Store();
      } else {
        f.get(dst).get(dst).f32Load().get(src).f32Load().f32Add().f32Store();
      }
      f.increment(src, 4).increment(dst, 4).increment(c, 1);
      f.br(next);
    });
  });
}

/**
 * Adds `im2col(x, col, geometry)` and `col2im(dx, col, geometry)`. The patch matrix has one row per
 * output pixel (b, oy, ox) and `filterHeight·filterWidth·inChannels` columns in (di, dj, c) order,
 * the order of an HWIO filter flattened to `[kh·kw·Cin, Cout]`, so a convolution is
 * `im2col(x) · W`, its filter gradient `im2col(x)ᵀ · dy` and its input gradient
 * `col2im(dy · Wᵀ)`. Taps that fall into the padding are zeros (im2col) or dropped (col2im).
 */
export function addConvHelpers(module: WasmModuleBuilder): void {
  for (const mode of ['copy', 'add'] as const) {
    module.addFunction(mode === 'copy' ? 'im2col' : 'col2im', ['i32', 'i32', 'i32'], [], (f) => {
      const [X, COL, GEOM] = [0, 1, 2];
      const g = {} as Record<(typeof PATCH_GEOMETRY)[number], number>;
      PATCH_GEOMETRY.forEach((key, i) => {
        g[key] = f.local('i32');
        f.get(GEOM).i32Load(4 * i).set(g[key]);
      });
      const [b, oy, ox, di, dj, iy, ix, src, dst, c, rowBytes, imageBytes, pixelBytes, tapRow] = Array.from({ length: 14 }, () => f.local('i32'));
      f.get(g.inChannels).i32(2).i32Shl().set(pixelBytes);
      // floats in one row of taps (filterWidth pixels), contiguous in x when the taps are adjacent
      f.get(g.filterWidth).get(g.inChannels).i32Mul().set(tapRow);
      f.get(g.inWidth).get(pixelBytes).i32Mul().set(rowBytes);
      f.get(g.inHeight).get(rowBytes).i32Mul().set(imageBytes);
      // The patch side walks col linearly; for col2im the roles of source and target swap.
      const colPointer = mode === 'copy' ? dst : src;
      const imagePointer = mode === 'copy' ? src : dst;
      f.get(COL).set(colPointer);
      f.forCount(b, g.batch, () => {
        f.forCount(oy, g.outHeight, () => {
          f.forCount(ox, g.outWidth, () => {
            f.forCount(di, g.filterHeight, () => {
              // iy = oy * sh + di * dh - padTop
              f.get(oy).get(g.strideHeight).i32Mul().get(di).get(g.dilationHeight).i32Mul().i32Add().get(g.padTop).i32Sub().set(iy);
              // ix of the first tap; a row of taps wholly inside x (no dilation) is one run of
              // filterWidth·inChannels floats, which most rows of a padded convolution are
              f.get(ox).get(g.strideWidth).i32Mul().get(g.padLeft).i32Sub().set(ix);
              f.get(g.dilationWidth).i32(1).i32Eq();
              f.get(iy).get(g.inHeight).i32LtU().i32And();
              f.get(ix).i32(0).i32GeS().i32And();
              f.get(ix).get(g.filterWidth).i32Add().get(g.inWidth).i32LeS().i32And();
              f.ifElse(
                () => {
                  f.get(X).get(b).get(imageBytes).i32Mul().i32Add().get(iy).get(rowBytes).i32Mul().i32Add().get(ix).get(pixelBytes).i32Mul().i32Add().set(imagePointer);
                  emitRun(f, mode, src, dst, tapRow, c);
                },
                () => {
                  f.forCount(dj, g.filterWidth, () => {
                    f.get(ox).get(g.strideWidth).i32Mul().get(dj).get(g.dilationWidth).i32Mul().i32Add().get(g.padLeft).i32Sub().set(ix);
                    // inside = iy <u H && ix <u W (negative values wrap to large unsigned ones)
                    f.get(iy).get(g.inHeight).i32LtU().get(ix).get(g.inWidth).i32LtU().i32And();
                    f.ifElse(
                      () => {
                        f.get(X).get(b).get(imageBytes).i32Mul().i32Add().get(iy).get(rowBytes).i32Mul().i32Add().get(ix).get(pixelBytes).i32Mul().i32Add().set(imagePointer);
                        emitRun(f, mode, src, dst, g.inChannels, c);
                      },
                      () => {
                        if (mode === 'copy') emitRun(f, 'zero', src, dst, g.inChannels, c);
                        else f.get(colPointer).get(pixelBytes).i32Add().set(colPointer);
                      },
                    );
                  });
                },
              );
            });
          });
        });
      });
    });
  }
}

/**
 * Adds `rotate_filter(w, out, taps, inChannels, outChannels)`: an HWIO filter rotated by 180
 * degrees with its channel axes swapped, `out[t, co, ci] = w[taps-1-t, ci, co]` for the row-major
 * tap index t (di·kw + dj, so rotating is reversing it): the filter of a stride-1 convolution's
 * input gradient written as a forward convolution.
 */
export function addFilterRotation(module: WasmModuleBuilder): void {
  module.addFunction('rotate_filter', ['i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [W, OUT, TAPS, CIN, COUT] = [0, 1, 2, 3, 4];
    const [t, ci, co, src, dst, tapBytes] = Array.from({ length: 6 }, () => f.local('i32'));
    f.get(CIN).get(COUT).i32Mul().i32(2).i32Shl().set(tapBytes);
    f.forCount(t, TAPS, () => {
      f.forCount(co, COUT, () => {
        // dst walks out[t, co, :] linearly; src = w[taps-1-t, ci, co]
        f.get(OUT).get(t).get(tapBytes).i32Mul().i32Add().get(co).get(CIN).i32Mul().i32(2).i32Shl().i32Add().set(dst);
        f.get(W).get(TAPS).i32(1).i32Sub().get(t).i32Sub().get(tapBytes).i32Mul().i32Add().get(co).i32(2).i32Shl().i32Add().set(src);
        f.forCount(ci, CIN, () => {
          f.get(dst).get(src).f32Load().f32Store();
          f.increment(dst, 4);
          f.get(src).get(COUT).i32(2).i32Shl().i32Add().set(src);
        });
      });
    });
  });
}

/**
 * Order of the int32 record `gather_box` reads: the NHWC source's batch, height, width and
 * channels; the box of grid points `[y0, y1) x [x0, x1)`; and the map from a grid point to a source
 * pixel, `(y·strideY + offsetY, x·strideX + offsetX)`.
 */
export const BOX_GEOMETRY = ['batch', 'height', 'width', 'channels', 'y0', 'y1', 'x0', 'x1', 'strideY', 'strideX', 'offsetY', 'offsetX'] as const;

/** A box of pixels to gather, as `gather_box` takes it (every mapped pixel must lie in the source). */
export type BoxGeometry = Record<(typeof BOX_GEOMETRY)[number], number>;

/** The record's values in {@link BOX_GEOMETRY} order. */
export function boxValues(g: BoxGeometry): number[] {
  return BOX_GEOMETRY.map((key) => g[key]);
}

/**
 * Adds `gather_box(src, dst, geometry)`: for every image b and grid point (y, x) of the box, in that
 * order, copies the `channels` floats of source pixel `(b, y·sy + oy, x·sx + ox)` to the next row of
 * `dst`. A filter gradient gathers, per filter tap, the pixels that tap reads and the output
 * gradients they meet, so the padding's taps never enter its products.
 */
export function addBoxGather(module: WasmModuleBuilder): void {
  module.addFunction('gather_box', ['i32', 'i32', 'i32'], [], (f) => {
    const [SRC, DST, GEOM] = [0, 1, 2];
    const g = {} as Record<(typeof BOX_GEOMETRY)[number], number>;
    BOX_GEOMETRY.forEach((key, i) => {
      g[key] = f.local('i32');
      f.get(GEOM).i32Load(4 * i).set(g[key]);
    });
    const [b, y, x, rows, columns, src, dst, c, pixelBytes, rowBytes, imageBytes, runFloats, rowStart] = Array.from({ length: 13 }, () => f.local('i32'));
    f.get(g.channels).i32(2).i32Shl().set(pixelBytes);
    f.get(g.width).get(pixelBytes).i32Mul().set(rowBytes);
    f.get(g.height).get(rowBytes).i32Mul().set(imageBytes);
    f.get(g.y1).get(g.y0).i32Sub().set(rows);
    f.get(g.x1).get(g.x0).i32Sub().set(columns);
    f.get(columns).get(g.channels).i32Mul().set(runFloats);
    f.get(DST).set(dst);
    f.forCount(b, g.batch, () => {
      f.forCount(y, rows, () => {
        // the source address of grid point (y0 + y, x0)
        f.get(SRC).get(b).get(imageBytes).i32Mul().i32Add();
        f.get(g.y0).get(y).i32Add().get(g.strideY).i32Mul().get(g.offsetY).i32Add().get(rowBytes).i32Mul().i32Add();
        f.get(g.x0).get(g.strideX).i32Mul().get(g.offsetX).i32Add().get(pixelBytes).i32Mul().i32Add().set(rowStart);
        f.get(g.strideX).i32(1).i32Eq().ifElse(
          () => {
            // adjacent pixels: the box's row is one run
            f.get(rowStart).set(src);
            emitRun(f, 'copy', src, dst, runFloats, c);
          },
          () => {
            f.forCount(x, columns, () => {
              f.get(rowStart).get(x).get(g.strideX).i32Mul().get(pixelBytes).i32Mul().i32Add().set(src);
              emitRun(f, 'copy', src, dst, g.channels, c);
            });
          },
        );
      });
    });
  });
}
