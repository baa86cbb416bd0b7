import { CsrMatrix } from './csr-matrix';
import { SparseArena } from './sparse-arena';
import { SparseConvLayer, SparseMaxPool, type SparseHeap } from './sparse-layers';
import { instantiateSparseKernels } from './sparse-module';
import { window2d, type Window2D } from './window-2d';

/** Values in [-1, 1) from a fixed linear congruential sequence, about `zeros` of them 0. */
function values(n: number, seed: number, zeros: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    const u = state / 2147483648;
    return u < zeros ? 0 : Math.fround(2 * ((state % 65536) / 65536) - 1);
  });
}

/** One image `x` `[h, w, cin]` convolved with `kernel` `[k, k, cin, cout]` (TF semantics), in float64. */
function convolve(x: Float32Array, window: Window2D, kernel: Float32Array, bias: Float32Array, cout: number): Float64Array {
  const { inHeight, inWidth, inChannels: cin, outHeight, outWidth, kernel: k, stride, padTop, padLeft } = window;
  const out = new Float64Array(outHeight * outWidth * cout);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      for (let co = 0; co < cout; co++) {
        let sum = bias[co]!;
        for (let di = 0; di < k; di++) {
          for (let dj = 0; dj < k; dj++) {
            const [iy, ix] = [oy * stride + di - padTop, ox * stride + dj - padLeft];
            if (iy < 0 || iy >= inHeight || ix < 0 || ix >= inWidth) continue;
            for (let ci = 0; ci < cin; ci++) sum += x[(iy * inWidth + ix) * cin + ci]! * kernel[((di * k + dj) * cin + ci) * cout + co]!;
          }
        }
        out[(oy * outWidth + ox) * cout + co] = sum;
      }
    }
  }
  return out;
}

function expectClose(got: Float32Array, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[i]!)));
}

describe(SparseConvLayer, () => {
  describe('.run', () => {
    // Images smaller than the kernel, even kernels, both paddings, channel counts off multiples of
    // four: every case where taps fall outside the output (the rows scatter_conv skips, the columns
    // that land in the grid's margins).
    const cases: [string, number, number, number, number, number, number, 'same' | 'valid'][] = [
      ['3x3 same on 5x5', 5, 5, 6, 5, 3, 1, 'same'],
      ['3x3 same on 2x2', 2, 2, 3, 6, 3, 1, 'same'],
      ['3x3 same on 1x3', 1, 3, 2, 4, 3, 1, 'same'],
      ['4x4 same on 6x7', 6, 7, 3, 4, 4, 1, 'same'],
      ['3x3 valid on 6x5', 6, 5, 2, 3, 3, 1, 'valid'],
      ['1x1 same on 4x4', 4, 4, 5, 7, 1, 1, 'same'],
      ['3x3 stride 2 same on 7x7', 7, 7, 3, 4, 3, 2, 'same'],
    ];
    it.each(cases)('should convolve as TF does, with ReLUs and residual sums fused (%s)', (_name, h, w, cin, cout, k, stride, padding) => {
      const window = window2d(h, w, cin, k, stride, padding);
      const kernel = values(k * k * cin * cout, 7, 0.5);
      const bias = values(cout, 11, 0);
      const weights = CsrMatrix.fromDense(kernel, k * k * cin, cout);
      const arena = new SparseArena();
      const layer = new SparseConvLayer(arena, window, weights, weights.gather(kernel), bias);
      const outSize = window.outHeight * window.outWidth * cout;
      const [input, sum] = [arena.reserve(h * w * cin), arena.reserve(outSize)];
      const memory = arena.finish();
      const heap: SparseHeap = { ...memory, kernels: instantiateSparseKernels(memory.memory)! };
      const x = values(h * w * cin, 13, 0.3);
      heap.f32.set(x, input.offset / 4);
      const read = (offset: number): Float32Array => heap.f32.slice(offset / 4, offset / 4 + outSize);
      const want = convolve(x, window, kernel, bias, cout);

      expectClose(read(layer.run(heap, input.offset, false)), want);
      expectClose(read(layer.run(heap, input.offset, true)), Array.from(want, (v) => Math.max(v, 0)));
      if (!layer.fusesInputAndSum) return;
      const wantOfRelu = convolve(x.map((v) => Math.max(v, 0)), window, kernel, bias, cout);
      expectClose(read(layer.run(heap, input.offset, false, true)), wantOfRelu);
      const start = values(outSize, 17, 0);
      heap.f32.set(start, sum.offset / 4);
      expect(layer.run(heap, input.offset, false, false, sum.offset)).toBe(sum.offset);
      expectClose(read(sum.offset), Array.from(want, (v, i) => start[i]! + v));
    });
  });
});

describe(SparseMaxPool, () => {
  describe('.run', () => {
    it.each([
      [5, 5, 6, 3, 2, 'same'],
      [4, 4, 8, 2, 2, 'valid'],
      [3, 2, 5, 3, 1, 'same'],
    ] as const)('should take the maximum of each window clipped to the image (%ix%ix%i, %i/%i %s)', (h, w, c, size, stride, padding) => {
      const window = window2d(h, w, c, size, stride, padding);
      const arena = new SparseArena();
      const pool = new SparseMaxPool(arena, window);
      const input = arena.reserve(h * w * c);
      const memory = arena.finish();
      const heap: SparseHeap = { ...memory, kernels: instantiateSparseKernels(memory.memory)! };
      const x = values(h * w * c, 19, 0.2);
      heap.f32.set(x, input.offset / 4);
      const want: number[] = [];
      for (let oy = 0; oy < window.outHeight; oy++) {
        for (let ox = 0; ox < window.outWidth; ox++) {
          for (let ch = 0; ch < c; ch++) {
            let best = -Infinity;
            for (let iy = Math.max(0, oy * stride - window.padTop); iy < Math.min(h, oy * stride - window.padTop + size); iy++) {
              for (let ix = Math.max(0, ox * stride - window.padLeft); ix < Math.min(w, ox * stride - window.padLeft + size); ix++) best = Math.max(best, x[(iy * w + ix) * c + ch]!);
            }
            want.push(best);
          }
        }
      }
      const out = pool.run(heap, input.offset);
      expect(Array.from(heap.f32.subarray(out / 4, out / 4 + want.length))).toEqual(want);
    });
  });
});
