import type { WasmFunctionBuilder, WasmModuleBuilder } from '../module/wasm-module-builder';

/**
 * Binary operations with a SIMD kernel. `reluGrad`: `a * (b > 0 ? 1 : 0)`, the ReLU's backward pass
 * from its output `b` (as tfjs's `dy * step(x)`: an infinite `dy` where the unit is off gives NaN).
 */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min', 'reluGrad'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Unary operations with a SIMD kernel (`step` takes its `alpha` as the f32 parameter). */
export const UNARY_OPS = ['square', 'sqrt', 'relu', 'neg', 'abs', 'step'] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/**
 * How an operand of a binary kernel is read along a row: `v` a vector of `cols` values, `s` one
 * value splatted over the row (a broadcast column or scalar).
 */
export type OperandMode = 'v' | 's';

/** Emits `op` on the two values on the stack: f32 scalars, or f32x4 when `vector`. */
export function emitBinary(f: WasmFunctionBuilder, op: BinaryOp, vector: boolean): void {
  if (vector) {
    switch (op) {
      case 'add':
        f.f32x4Add();
        break;
      case 'sub':
        f.f32x4Sub();
        break;
      case 'mul':
        f.f32x4Mul();
        break;
      case 'div':
        f.f32x4Div();
        break;
      case 'max':
        f.f32x4Max();
        break;
      case 'min':
        f.f32x4Min();
        break;
      case 'reluGrad':
        f.f32x4Const(0).f32x4Gt().f32x4Const(1).v128And().f32x4Mul();
        break;
    }
    return;
  }
  switch (op) {
    case 'add':
      f.f32Add();
      break;
    case 'sub':
      f.f32Sub();
      break;
    case 'mul':
      f.f32Mul();
      break;
    case 'div':
      f.f32Div();
      break;
    case 'max':
      f.f32Max();
      break;
    case 'min':
      f.f32Min();
      break;
    case 'reluGrad':
      f.f32(0).f32Gt().f32ConvertI32U().f32Mul();
      break;
  }
}

/**
 * `bin_<op>_<a><b>(a, aRowBytes, b, bRowBytes, out, rows, cols)`: for each row r,
 * out[r, c] = a_r[c] op b_r[c], where an operand in mode `v` is the vector at `x + r·rowBytes` and
 * in mode `s` the single value there. Same shapes, scalar broadcasts, bias rows and broadcast
 * columns are all this one form.
 */
function addBinary(module: WasmModuleBuilder, op: BinaryOp, am: OperandMode, bm: OperandMode): void {
  module.addFunction(`bin_${op}_${am}${bm}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [A, AROW, B, BROW, OUT, ROWS, COLS] = [0, 1, 2, 3, 4, 5, 6];
    const [r, c, pa, pb, po, cols4] = Array.from({ length: 6 }, () => f.local('i32'));
    const [sa, sb] = [f.local('v128'), f.local('v128')];
    f.get(COLS).i32(-4).i32And().set(cols4);
    f.get(OUT).set(po);
    f.i32(0).set(r);
    f.block((done) => {
      f.loop((rows) => {
        f.get(r).get(ROWS).i32GeS().brIf(done);
        f.get(A).get(r).get(AROW).i32Mul().i32Add().set(pa);
        f.get(B).get(r).get(BROW).i32Mul().i32Add().set(pb);
        if (am === 's') f.get(pa).v128Load32Splat().set(sa);
        if (bm === 's') f.get(pb).v128Load32Splat().set(sb);
        f.i32(0).set(c);
        f.block((vdone) => {
          f.loop((vec) => {
            f.get(c).get(cols4).i32GeS().brIf(vdone);
            f.get(po);
            if (am === 'v') f.get(pa).v128Load();
            else f.get(sa);
            if (bm === 'v') f.get(pb).v128Load();
            else f.get(sb);
            emitBinary(f, op, true);
            f.v128Store();
            if (am === 'v') f.increment(pa, 16);
            if (bm === 'v') f.increment(pb, 16);
            f.increment(po, 16).increment(c, 4);
            f.br(vec);
          });
        });
        f.block((sdone) => {
          f.loop((scalar) => {
            f.get(c).get(COLS).i32GeS().brIf(sdone);
            f.get(po);
            f.get(pa).f32Load();
            f.get(pb).f32Load();
            emitBinary(f, op, false);
            f.f32Store();
            if (am === 'v') f.increment(pa, 4);
            if (bm === 'v') f.increment(pb, 4);
            f.increment(po, 4).increment(c, 1);
            f.br(scalar);
          });
        });
        f.increment(r, 1);
        f.br(rows);
      });
    });
  });
}

/** `un_<op>(x, out, n, param)`; `step`: x > 0 ? 1 : param (NaN stays NaN, as tfjs's Step). */
function addUnary(module: WasmModuleBuilder, op: UnaryOp): void {
  module.addFunction(`un_${op}`, ['i32', 'i32', 'i32', 'f32'], [], (f) => {
    const [X, OUT, N, P] = [0, 1, 2, 3];
    const [i, n4] = [f.local('i32'), f.local('i32')];
    const [v, alpha] = [f.local('v128'), f.local('v128')];
    const s = f.local('f32');
    f.get(N).i32(-4).i32And().i32(2).i32Shl().set(n4);
    f.get(P).f32x4Splat().set(alpha);
    const vectorOp = (): void => {
      switch (op) {
        case 'square':
          f.get(v).get(v).f32x4Mul();
          break;
        case 'sqrt':
          f.get(v).f32x4Sqrt();
          break;
        case 'relu':
          f.get(v).f32x4Const(0).f32x4Max();
          break;
        case 'neg':
          f.get(v).f32x4Neg();
          break;
        case 'abs':
          f.get(v).f32x4Abs();
          break;
        case 'step':
          // bitselect(bitselect(1, alpha, v > 0), v, v == v): NaN lanes keep v (NaN).
          f.f32x4Const(1).get(alpha).get(v).f32x4Const(0).f32x4Gt().v128Bitselect();
          f.get(v).get(v).get(v).f32x4Eq().v128Bitselect();
          break;
      }
    };
    const scalarOp = (): void => {
      switch (op) {
        case 'square':
          f.get(s).get(s).f32Mul();
          break;
        case 'sqrt':
          f.get(s).f32Sqrt();
          break;
        case 'relu':
          f.get(s).f32(0).f32Max();
          break;
        case 'neg':
          f.get(s).f32Neg();
          break;
        case 'abs':
          f.get(s).f32Abs();
          break;
        case 'step':
          // select(s, select(1, alpha, s > 0), s != s)
          f.get(s).f32(1).get(P).get(s).f32(0).f32Gt().select().get(s).get(s).f32Ne().select();
          break;
      }
    };
    f.i32(0).set(i);
    f.block((done) => {
      f.loop((next) => {
        f.get(i).get(n4).i32GeS().brIf(done);
        f.get(OUT).get(i).i32Add();
        f.get(X).get(i).i32Add().v128Load().set(v);
        vectorOp();
        f.v128Store();
        f.increment(i, 16);
        f.br(next);
      });
    });
    f.block((done) => {
      f.loop((next) => {
        f.get(i).get(N).i32(2).i32Shl().i32GeS().brIf(done);
        f.get(OUT).get(i).i32Add();
        f.get(X).get(i).i32Add().f32Load().set(s);
        scalarOp();
        f.f32Store();
        f.increment(i, 4);
        f.br(next);
      });
    });
  });
}

/**
 * `sum_cols(x, out, rows, cols)`: out[c] = Σ_r x[r, c] (a reduction over leading axes, e.g. a
 * bias gradient); `sum_rows(x, out, rows, cols)`: out[r] = Σ_c x[r, c] (over trailing axes).
 */
function addSums(module: WasmModuleBuilder): void {
  module.addFunction('sum_cols', ['i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [X, OUT, ROWS, COLS] = [0, 1, 2, 3];
    const [r, c, px, po, cols4] = Array.from({ length: 5 }, () => f.local('i32'));
    f.get(OUT).i32(0).get(COLS).i32(2).i32Shl().memoryFill();
    f.get(COLS).i32(-4).i32And().set(cols4);
    f.get(X).set(px);
    f.i32(0).set(r);
    f.block((done) => {
      f.loop((rows) => {
        f.get(r).get(ROWS).i32GeS().brIf(done);
        f.get(OUT).set(po);
        f.i32(0).set(c);
        f.block((vdone) => {
          f.loop((vec) => {
            f.get(c).get(cols4).i32GeS().brIf(vdone);
            f.get(po).get(po).v128Load().get(px).v128Load().f32x4Add().v128Store();
            f.increment(po, 16).increment(px, 16).increment(c, 4);
            f.br(vec);
          });
        });
        f.block((sdone) => {
          f.loop((scalar) => {
            f.get(c).get(COLS).i32GeS().brIf(sdone);
            f.get(po).get(po).f32Load().get(px).f32Load().f32Add().f32Store();
            f.increment(po, 4).increment(px, 4).increment(c, 1);
            f.br(scalar);
          });
        });
        f.increment(r, 1);
        f.br(rows);
      });
    });
  });
  module.addFunction('sum_rows', ['i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [X, OUT, ROWS, COLS] = [0, 1, 2, 3];
    const [r, c, px, cols4] = Array.from({ length: 4 }, () => f.local('i32'));
    const acc = f.local('v128');
    const s = f.local('f32');
    f.get(COLS).i32(-4).i32And().set(cols4);
    f.get(X).set(px);
    f.i32(0).set(r);
    f.block((done) => {
      f.loop((rows) => {
        f.get(r).get(ROWS).i32GeS().brIf(done);
        f.f32x4Const(0).set(acc);
        f.i32(0).set(c);
        f.block((vdone) => {
          f.loop((vec) => {
            f.get(c).get(cols4).i32GeS().brIf(vdone);
            f.get(acc).get(px).v128Load().f32x4Add().set(acc);
            f.increment(px, 16).increment(c, 4);
            f.br(vec);
          });
        });
        f.get(acc).f32x4ExtractLane(0).get(acc).f32x4ExtractLane(1).f32Add();
        f.get(acc).f32x4ExtractLane(2).get(acc).f32x4ExtractLane(3).f32Add().f32Add().set(s);
        f.block((sdone) => {
          f.loop((scalar) => {
            f.get(c).get(COLS).i32GeS().brIf(sdone);
            f.get(s).get(px).f32Load().f32Add().set(s);
            f.increment(px, 4).increment(c, 1);
            f.br(scalar);
          });
        });
        f.get(OUT).get(r).i32(2).i32Shl().i32Add().get(s).f32Store();
        f.increment(r, 1);
        f.br(rows);
      });
    });
  });
}

/**
 * `max_pool_grad(x, dy, dx, geometry)`: for each output cell, its upstream gradient goes to the
 * first maximum of its window in row-major scan order (as the cpu backend and TensorFlow route
 * it); windows are clipped to the input (TF `same` padding). `dx` must be zeroed. `geometry`: 10
 * int32s (batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight, filterWidth,
 * strideHeight, strideWidth) followed by padTop, padLeft.
 */
function addMaxPoolGrad(module: WasmModuleBuilder): void {
  module.addFunction('max_pool_grad', ['i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [X, DY, DX, GEOM] = [0, 1, 2, 3];
    const names = ['batch', 'inHeight', 'inWidth', 'channels', 'outHeight', 'outWidth', 'filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'padTop', 'padLeft'] as const;
    const g = {} as Record<(typeof names)[number], number>;
    names.forEach((key, k) => {
      g[key] = f.local('i32');
      f.get(GEOM).i32Load(4 * k).set(g[key]);
    });
    const [b, oh, ow, ch, r, c, r0, r1, c0, c1, at, pos, image, pdy] = Array.from({ length: 14 }, () => f.local('i32'));
    const [best, v] = [f.local('f32'), f.local('f32')];
    const [bestv, vv, mask, atv] = Array.from({ length: 4 }, () => f.local('v128'));
    f.get(DY).set(pdy);
    f.forCount(b, g.batch, () => {
      // image = b·H·W·C (elements)
      f.get(b).get(g.inHeight).i32Mul().get(g.inWidth).i32Mul().get(g.channels).i32Mul().set(image);
      f.forCount(oh, g.outHeight, () => {
        f.get(oh).get(g.strideHeight).i32Mul().get(g.padTop).i32Sub().tee(r0).get(g.filterHeight).i32Add().set(r1);
        f.get(g.inHeight).get(r1).get(g.inHeight).get(r1).i32LtS().select().set(r1);
        f.i32(0).get(r0).get(r0).i32(0).i32LtS().select().set(r0);
        f.forCount(ow, g.outWidth, () => {
          f.get(ow).get(g.strideWidth).i32Mul().get(g.padLeft).i32Sub().tee(c0).get(g.filterWidth).i32Add().set(c1);
          f.get(g.inWidth).get(c1).get(g.inWidth).get(c1).i32LtS().select().set(c1);
          f.i32(0).get(c0).get(c0).i32(0).i32LtS().select().set(c0);
          // Every cell of the clipped window in row-major order, pos = image + (r·W + c)·C + ch.
          const walkWindow = (body: () => void): void => {
            f.get(r0).set(r);
            f.whileFits(r, r1, 1, () => {
              f.get(c0).set(c);
              f.whileFits(c, c1, 1, () => {
                f.get(image).get(r).get(g.inWidth).i32Mul().get(c).i32Add().get(g.channels).i32Mul().i32Add().get(ch).i32Add().set(pos);
                body();
              });
            });
          };
          // Four channels at a time: lane-wise first maximum (strictly greater replaces, so the
          // first of equal values stays, and NaN never replaces), positions kept per lane. The
          // first cell starts the maximum; walking it again changes nothing (not greater).
          f.i32(0).set(ch);
          f.whileFits(ch, g.channels, 4, () => {
            f.get(image).get(r0).get(g.inWidth).i32Mul().get(c0).i32Add().get(g.channels).i32Mul().i32Add().get(ch).i32Add().set(pos);
            f.get(X).get(pos).i32(2).i32Shl().i32Add().v128Load().set(bestv);
            f.get(pos).i32x4Splat().i32x4Const(0, 1, 2, 3).i32x4Add().set(atv);
            walkWindow(() => {
              f.get(X).get(pos).i32(2).i32Shl().i32Add().v128Load().set(vv);
              f.get(vv).get(bestv).f32x4Gt().set(mask);
              f.get(vv).get(bestv).get(mask).v128Bitselect().set(bestv);
              f.get(pos).i32x4Splat().i32x4Const(0, 1, 2, 3).i32x4Add().get(atv).get(mask).v128Bitselect().set(atv);
            });
            for (let lane = 0; lane < 4; lane++) {
              f.get(DX).get(atv).i32x4ExtractLane(lane).i32(2).i32Shl().i32Add().tee(pos);
              f.get(pos).f32Load().get(pdy).f32Load(4 * lane).f32Add().f32Store();
            }
            f.increment(pdy, 16);
          });
          // the remaining channels one at a time
          f.whileFits(ch, g.channels, 1, () => {
            f.i32(-1).set(at);
            f.f32(-Infinity).set(best);
            walkWindow(() => {
              f.get(X).get(pos).i32(2).i32Shl().i32Add().f32Load().set(v);
              // first maximum: take v when v > best or nothing is taken yet
              f.get(v).get(best).f32Gt().get(at).i32(0).i32LtS().i32Or();
              f.ifElse(() => {
                f.get(v).set(best);
                f.get(pos).set(at);
              });
            });
            f.get(at).i32(0).i32GeS().ifElse(() => {
              f.get(DX).get(at).i32(2).i32Shl().i32Add().tee(pos);
              f.get(pos).f32Load().get(pdy).f32Load().f32Add().f32Store();
            });
            f.increment(pdy, 4);
          });
        });
      });
    });
  });
}

/**
 * `adam(x, g, m, v, outX, outM, outV, n, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize,
 * epsilon)`: one Adam step in the operation order of prunerl's `AdamOptimizer`, with its float32
 * constants (1 - b is rounded from the double, so it is passed in), so results are bit-identical
 * to its op-by-op form: m' = m·b1 + g·(1 - b1); v' = v·b2 + g²·(1 - b2);
 * x' = x - (m' / (sqrt(v') + eps))·step.
 */
function addAdam(module: WasmModuleBuilder): void {
  module.addFunction('adam', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32'], [], (f) => {
    const [X, G, M, V, OX, OM, OV, N, B1, C1, B2, C2, STEP, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const [i, n4] = [f.local('i32'), f.local('i32')];
    const [b1, c1, b2, c2, step, eps, g, m, v] = Array.from({ length: 9 }, () => f.local('v128'));
    const [sg, sm, sv] = Array.from({ length: 3 }, () => f.local('f32'));
    f.get(B1).f32x4Splat().set(b1);
    f.get(C1).f32x4Splat().set(c1);
    f.get(B2).f32x4Splat().set(b2);
    f.get(C2).f32x4Splat().set(c2);
    f.get(STEP).f32x4Splat().set(step);
    f.get(EPS).f32x4Splat().set(eps);
    f.get(N).i32(-4).i32And().i32(2).i32Shl().set(n4);
    f.i32(0).set(i);
    f.block((done) => {
      f.loop((next) => {
        f.get(i).get(n4).i32GeS().brIf(done);
        f.get(G).get(i).i32Add().v128Load().set(g);
        f.get(M).get(i).i32Add().v128Load().get(b1).f32x4Mul().get(g).get(c1).f32x4Mul().f32x4Add().set(m);
        f.get(V).get(i).i32Add().v128Load().get(b2).f32x4Mul().get(g).get(g).f32x4Mul().get(c2).f32x4Mul().f32x4Add().set(v);
        f.get(OM).get(i).i32Add().get(m).v128Store();
        f.get(OV).get(i).i32Add().get(v).v128Store();
        f.get(OX).get(i).i32Add();
        f.get(X).get(i).i32Add().v128Load();
        f.get(m).get(v).f32x4Sqrt().get(eps).f32x4Add().f32x4Div().get(step).f32x4Mul();
        f.f32x4Sub().v128Store();
        f.increment(i, 16);
        f.br(next);
      });
    });
    f.block((done) => {
      f.loop((next) => {
        f.get(i).get(N).i32(2).i32Shl().i32GeS().brIf(done);
        f.get(G).get(i).i32Add().f32Load().set(sg);
        f.get(M).get(i).i32Add().f32Load().get(B1).f32Mul().get(sg).get(C1).f32Mul().f32Add().set(sm);
        f.get(V).get(i).i32Add().f32Load().get(B2).f32Mul().get(sg).get(sg).f32Mul().get(C2).f32Mul().f32Add().set(sv);
        f.get(OM).get(i).i32Add().get(sm).f32Store();
        f.get(OV).get(i).i32Add().get(sv).f32Store();
        f.get(OX).get(i).i32Add();
        f.get(X).get(i).i32Add().f32Load();
        f.get(sm).get(sv).f32Sqrt().get(EPS).f32Add().f32Div().get(STEP).f32Mul();
        f.f32Sub().f32Store();
        f.increment(i, 4);
        f.br(next);
      });
    });
  });
}

/** Adds every elementwise, reduction and pooling-gradient function to `module`. */
export function addElementwiseKernels(module: WasmModuleBuilder): void {
  for (const op of BINARY_OPS) {
    for (const [am, bm] of [['v', 'v'], ['v', 's'], ['s', 'v']] as const) addBinary(module, op, am, bm);
  }
  for (const op of UNARY_OPS) addUnary(module, op);
  addSums(module);
  addMaxPoolGrad(module);
  addAdam(module);
}
