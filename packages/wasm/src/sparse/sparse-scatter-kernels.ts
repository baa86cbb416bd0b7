import type { WasmFunctionBuilder, WasmModuleBuilder } from '../module/wasm-module-builder';
import { emitBinary } from '../simd/elementwise-kernels';
import { WINDOW_FIELDS } from './window-2d';

/**
 * The per-sample loops of sparse inference (scalar f32 code: about 3x faster than the same loops on
 * JavaScript typed arrays, measured 0.8 vs 2.5 ns per multiply-add), for a `CsrMatrix` kept
 * with one row per *input*: a forward pass walks the rows of the inputs that are nonzero and
 * scatters into the outputs, so zero weights (masked by a pruner) and zero inputs (after a ReLU, or
 * MinAtar's empty cells) both cost nothing. The passes over every value (bias and ReLU after a
 * convolution's scatter, max pooling) run along channels, four at a time. All pointers and strides
 * are in bytes; index arrays (`rowStart`, `columns`, `offsets`) hold byte offsets too, so the
 * loops do no shifts. What each function computes: `SparseWasmKernels` (`sparse-module.ts`).
 */

const i32 = (n: number): 'i32'[] => Array.from({ length: n }, () => 'i32' as const);

/**
 * Emits `target[columns[e]] += v · values[e]` for e over the row [start, end) (byte offsets),
 * unrolled by four (entries are independent: distinct targets within a row), then one at a time.
 */
function emitRowScatter(f: WasmFunctionBuilder, target: number, columns: number, values: number, v: number, start: number, end: number, e: number, addr: number): void {
  const one = (offset: number): void => {
    f.get(target).get(columns).get(e).i32Add().i32Load(offset).i32Add().tee(addr);
    f.get(addr).f32Load().get(v).get(values).get(e).i32Add().f32Load(offset).f32Mul().f32Add().f32Store();
  };
  f.get(start).set(e);
  f.block((done) => {
    f.loop((next) => {
      f.get(e).i32(16).i32Add().get(end).i32GtS().brIf(done);
      for (let u = 0; u < 4; u++) one(4 * u);
      f.increment(e, 16);
      f.br(next);
    });
  });
  f.block((done) => {
    f.loop((next) => {
      f.get(e).get(end).i32GeS().brIf(done);
      one(0);
      f.increment(e, 4);
      f.br(next);
    });
  });
}

/** Branches to `skip` when `v` (just loaded and teed) is 0, or <= 0 with `reluInput`. */
function emitSkipInput(f: WasmFunctionBuilder, v: number, reluInput: number, skip: Parameters<WasmFunctionBuilder['brIf']>[0]): void {
  f.f32(0).f32Eq().brIf(skip);
  f.get(reluInput).ifElse(() => {
    f.get(v).f32(0).f32Le().brIf(skip);
  });
}


/** Loads the window record at `pointer` (`windowRecord`) into new locals, one per field. */
function loadGeometry(f: WasmFunctionBuilder, pointer: number): Record<(typeof WINDOW_FIELDS)[number], number> {
  const g = {} as Record<(typeof WINDOW_FIELDS)[number], number>;
  WINDOW_FIELDS.forEach((key, k) => {
    g[key] = f.local('i32');
    f.get(pointer).i32Load(4 * k).set(g[key]);
  });
  return g;
}

/** `local = max(local, 0)`. */
function emitAtLeastZero(f: WasmFunctionBuilder, local: number): void {
  f.i32(0).get(local).get(local).i32(0).i32LtS().select().set(local);
}

/** `local = min(local, limit)` (`limit` a local). */
function emitAtMost(f: WasmFunctionBuilder, local: number, limit: number): void {
  f.get(limit).get(local).get(limit).get(local).i32LtS().select().set(local);
}

/** Loads, stores and constants of one f32 (`wide` false) or of four (v128). */
interface Lanes {
  readonly wide: boolean;
  readonly bytes: 4 | 16;
  load(): void;
  store(): void;
  constant(value: number): void;
}

function lanes(f: WasmFunctionBuilder, wide: boolean): Lanes {
  return wide
    ? { wide, bytes: 16, load: () => f.v128Load(), store: () => f.v128Store(), constant: (x) => f.f32x4Const(x) }
    : { wide, bytes: 4, load: () => f.f32Load(), store: () => f.f32Store(), constant: (x) => f.f32(x) };
}

/**
 * Emits `body` over `count` (a local) consecutive f32s, `counter` running from 0: four at a time
 * (v128) while whole blocks fit, then one at a time. Lane-wise f32x4 add and max give the bits the
 * scalar ones give, so the result does not depend on where the blocks fall.
 */
function emitByFourThenOne(f: WasmFunctionBuilder, counter: number, count: number, body: (l: Lanes) => void): void {
  f.i32(0).set(counter);
  f.whileFits(counter, count, 4, () => body(lanes(f, true)));
  f.whileFits(counter, count, 1, () => body(lanes(f, false)));
}

/** `csr_dense`: see {@link SparseWasmKernels.csrDense}. */
function addCsrDense(module: WasmModuleBuilder): void {
  module.addFunction('csr_dense', i32(10), [], (f) => {
    const [X, ROWS, RS, COLS, VALS, BIAS, Y, NCOLS, RELU, RELU_IN] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const [i, j, e, end, addr, start, xp] = [f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32')];
    const v = f.local('f32');
    f.forCount(j, NCOLS, () => {
      f.get(Y).get(j).i32(2).i32Shl().tee(addr).i32Add().get(BIAS).get(addr).i32Add().f32Load().f32Store();
    });
    f.get(X).set(xp);
    f.forCount(i, ROWS, () => {
      f.block((skip) => {
        f.get(xp).f32Load().tee(v);
        emitSkipInput(f, v, RELU_IN, skip);
        f.get(RS).get(i).i32(2).i32Shl().i32Add().tee(addr).i32Load().set(start);
        f.get(addr).i32Load(4).set(end);
        emitRowScatter(f, Y, COLS, VALS, v, start, end, e, addr);
      });
      f.increment(xp, 4);
    });
    f.get(RELU).ifElse(() => {
      f.forCount(j, NCOLS, () => {
        f.get(Y).get(j).i32(2).i32Shl().i32Add().tee(addr).get(addr).f32Load().f32(0).f32Max().f32Store();
      });
    });
  });
}

/** `scatter_conv`: see {@link SparseWasmKernels.scatterConv}. */
function addScatterConv(module: WasmModuleBuilder): void {
  module.addFunction('scatter_conv', i32(9), [], (f) => {
    const [X, GEOM, TAPS, OFFS, VALS, GRID, GROW, PIX, RELU_IN] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const g = loadGeometry(f, GEOM);
    const [iy, ix, ci, e, start, end, addr, xp, base, channelBytes, di0, di1, first, span, taps] = Array.from({ length: 15 }, () => f.local('i32'));
    const v = f.local('f32');
    // Tap starts: k·k per input channel, the next channel's first closing the last.
    f.get(g.kernel).get(g.kernel).i32Mul().i32(2).i32Shl().set(channelBytes);
    f.get(X).set(xp);
    f.forCount(iy, g.inHeight, () => {
      // The tap rows di that land in the output (oy = iy + padTop - di in [0, outHeight)): the
      // entries of taps (di0, 0) to (di1, 0), consecutive, `span` bytes of tap starts.
      f.get(iy).get(g.padTop).i32Add().get(g.outHeight).i32Sub().i32(1).i32Add().set(di0);
      emitAtLeastZero(f, di0);
      f.get(iy).get(g.padTop).i32Add().i32(1).i32Add().set(di1);
      emitAtMost(f, di1, g.kernel);
      f.get(TAPS).get(di0).get(g.kernel).i32Mul().i32(2).i32Shl().i32Add().set(first);
      f.get(di1).get(di0).i32Sub().get(g.kernel).i32Mul().i32(2).i32Shl().set(span);
      f.forCount(ix, g.inWidth, () => {
        f.get(GRID).get(iy).get(GROW).i32Mul().i32Add().get(ix).get(PIX).i32Mul().i32Add().set(base);
        f.get(first).set(taps);
        f.forCount(ci, g.inChannels, () => {
          f.block((skip) => {
            f.get(xp).f32Load().tee(v);
            emitSkipInput(f, v, RELU_IN, skip);
            f.get(taps).i32Load().set(start);
            f.get(taps).get(span).i32Add().i32Load().set(end);
            emitRowScatter(f, base, OFFS, VALS, v, start, end, e, addr);
          });
          f.increment(xp, 4);
          f.incrementBy(taps, channelBytes);
        });
      });
    });
  });
}

/** `extract_grid`: see {@link SparseWasmKernels.extractGrid}. */
function addExtractGrid(module: WasmModuleBuilder): void {
  module.addFunction('extract_grid', i32(8), [], (f) => {
    const [GRID, GROW, OUT, ROWS, WIDTH, COUT, BIAS, MODE] = [0, 1, 2, 3, 4, 5, 6, 7];
    const [row, p, c, gp, o, b] = Array.from({ length: 6 }, () => f.local('i32'));
    // One loop per mode, so that the innermost one does not branch.
    for (const mode of [0, 1, 2]) {
      f.get(MODE).i32(mode).i32Eq().ifElse(() => {
        f.get(OUT).set(o);
        f.forCount(row, ROWS, () => {
          f.get(GRID).get(row).get(GROW).i32Mul().i32Add().set(gp);
          f.forCount(p, WIDTH, () => {
            f.get(BIAS).set(b);
            emitByFourThenOne(f, c, COUT, (l) => {
              // out = grid + bias (mode 0), max(grid + bias, 0) (1), out + (grid + bias) (2)
              f.get(o);
              if (mode === 2) {
                f.get(o);
                l.load();
              }
              f.get(gp);
              l.load();
              f.get(b);
              l.load();
              emitBinary(f, 'add', l.wide);
              if (mode === 1) {
                l.constant(0);
                emitBinary(f, 'max', l.wide);
              }
              if (mode === 2) emitBinary(f, 'add', l.wide);
              l.store();
              f.increment(gp, l.bytes).increment(o, l.bytes).increment(b, l.bytes);
            });
          });
        });
      });
    }
  });
}

/** `gather_conv`: see {@link SparseWasmKernels.gatherConv}. */
function addGatherConv(module: WasmModuleBuilder): void {
  module.addFunction('gather_conv', i32(9), [], (f) => {
    const [X, GEOM, RS, COLS, VALS, BIAS, OUT, COUT, RELU] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const g = loadGeometry(f, GEOM);
    const [oy, ox, di, dj, iy, ix, ci, c, o, xb, rb, e, start, end, addr] = Array.from({ length: 15 }, () => f.local('i32'));
    const v = f.local('f32');
    f.forCount(oy, g.outHeight, () => {
      f.forCount(ox, g.outWidth, () => {
        // o = out + ((oy·Wo + ox)·Cout)·4, initialised with the bias
        f.get(OUT).get(oy).get(g.outWidth).i32Mul().get(ox).i32Add().get(COUT).i32Mul().i32(2).i32Shl().i32Add().set(o);
        f.forCount(c, COUT, () => {
          f.get(o).get(c).i32(2).i32Shl().tee(addr).i32Add().get(BIAS).get(addr).i32Add().f32Load().f32Store();
        });
        f.forCount(di, g.kernel, () => {
          f.get(oy).get(g.stride).i32Mul().get(di).i32Add().get(g.padTop).i32Sub().tee(iy).get(g.inHeight).i32LtU();
          f.ifElse(() => {
            f.forCount(dj, g.kernel, () => {
              f.get(ox).get(g.stride).i32Mul().get(dj).i32Add().get(g.padLeft).i32Sub().tee(ix).get(g.inWidth).i32LtU();
              f.ifElse(() => {
                // xb = x + ((iy·W + ix)·Cin)·4; rb = rowStart + ((di·k + dj)·Cin)·4
                f.get(X).get(iy).get(g.inWidth).i32Mul().get(ix).i32Add().get(g.inChannels).i32Mul().i32(2).i32Shl().i32Add().set(xb);
                f.get(RS).get(di).get(g.kernel).i32Mul().get(dj).i32Add().get(g.inChannels).i32Mul().i32(2).i32Shl().i32Add().set(rb);
                f.forCount(ci, g.inChannels, () => {
                  f.block((skip) => {
                    f.get(xb).f32Load().tee(v).f32(0).f32Eq().brIf(skip);
                    f.get(rb).i32Load().set(start);
                    f.get(rb).i32Load(4).set(end);
                    emitRowScatter(f, o, COLS, VALS, v, start, end, e, addr);
                  });
                  f.increment(xb, 4).increment(rb, 4);
                });
              });
            });
          });
        });
        f.get(RELU).ifElse(() => {
          f.forCount(c, COUT, () => {
            f.get(o).get(c).i32(2).i32Shl().i32Add().tee(addr).get(addr).f32Load().f32(0).f32Max().f32Store();
          });
        });
      });
    });
  });
}

/** `max_pool`: see {@link SparseWasmKernels.maxPool}. */
function addMaxPool(module: WasmModuleBuilder): void {
  module.addFunction('max_pool', i32(3), [], (f) => {
    const [X, GEOM, OUT] = [0, 1, 2];
    const g = loadGeometry(f, GEOM);
    const [oy, ox, iy, ix, y0, y1, x0, x1, c, o, p, s, pixelBytes, rowBytes] = Array.from({ length: 14 }, () => f.local('i32'));
    f.get(g.inChannels).i32(2).i32Shl().set(pixelBytes);
    f.get(g.inWidth).get(pixelBytes).i32Mul().set(rowBytes);
    f.get(OUT).set(o);
    f.forCount(oy, g.outHeight, () => {
      // rows [y0, y1) = [max(0, oy·s - top), min(H, oy·s - top + k))
      f.get(oy).get(g.stride).i32Mul().get(g.padTop).i32Sub().tee(y0).get(g.kernel).i32Add().set(y1);
      emitAtMost(f, y1, g.inHeight);
      emitAtLeastZero(f, y0);
      f.forCount(ox, g.outWidth, () => {
        f.get(ox).get(g.stride).i32Mul().get(g.padLeft).i32Sub().tee(x0).get(g.kernel).i32Add().set(x1);
        emitAtMost(f, x1, g.inWidth);
        emitAtLeastZero(f, x0);
        // The output pixel's channels start at -inf; each input pixel of the window then maxes
        // into all of them (channels contiguous, four at a time).
        f.get(o).set(p);
        emitByFourThenOne(f, c, g.inChannels, (l) => {
          f.get(p);
          l.constant(-Infinity);
          l.store();
          f.increment(p, l.bytes);
        });
        f.get(y0).set(iy);
        f.whileFits(iy, y1, 1, () => {
          f.get(x0).set(ix);
          f.whileFits(ix, x1, 1, () => {
            f.get(X).get(iy).get(rowBytes).i32Mul().i32Add().get(ix).get(pixelBytes).i32Mul().i32Add().set(s);
            f.get(o).set(p);
            emitByFourThenOne(f, c, g.inChannels, (l) => {
              f.get(p);
              f.get(s);
              l.load();
              f.get(p);
              l.load();
              emitBinary(f, 'max', l.wide);
              l.store();
              f.increment(p, l.bytes).increment(s, l.bytes);
            });
          });
        });
        f.incrementBy(o, pixelBytes);
      });
    });
  });
}

/** `zero(pointer, bytes)`: `memory.fill` with zeros. */
function addZero(module: WasmModuleBuilder): void {
  module.addFunction('zero', i32(2), [], (f) => {
    f.get(0).i32(0).get(1).memoryFill();
  });
}

/** Adds `csr_dense`, `scatter_conv`, `extract_grid`, `gather_conv`, `max_pool` and `zero` to `module`. */
export function addSparseScatterKernels(module: WasmModuleBuilder): void {
  addCsrDense(module);
  addScatterConv(module);
  addExtractGrid(module);
  addGatherConv(module);
  addMaxPool(module);
  addZero(module);
}
