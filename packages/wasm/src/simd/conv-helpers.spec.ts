import { boxValues, type BoxGeometry } from './conv-helpers';
import { buildSimdModule } from './simd-module';

/** The rows `gather_box` should write, computed directly from the source. */
function expectedRows(source: Float32Array, g: BoxGeometry): number[] {
  const rows: number[] = [];
  for (let b = 0; b < g.batch; b++) {
    for (let y = g.y0; y < g.y1; y++) {
      for (let x = g.x0; x < g.x1; x++) {
        const pixel = ((b * g.height + y * g.strideY + g.offsetY) * g.width + x * g.strideX + g.offsetX) * g.channels;
        rows.push(...source.subarray(pixel, pixel + g.channels));
      }
    }
  }
  return rows;
}

describe('gather_box', () => {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(buildSimdModule({ fma: false })), { env: { memory } }).exports;
  const gatherBox = exports['gather_box'] as (src: number, dst: number, geometry: number) => void;

  it.each<[string, BoxGeometry]>([
    // a filter tap (di, dj) = (0, 2) of a 3x3 'same' convolution on 5x4 images: rows 1.., columns ..2
    ['stride 1, one run per row, 6 channels (4 vectors + 2 scalars per pixel)', { batch: 2, height: 5, width: 4, channels: 6, y0: 1, y1: 5, x0: 0, x1: 3, strideY: 1, strideX: 1, offsetY: -1, offsetX: 1 }],
    ['stride 2 across, pixel by pixel, 3 channels', { batch: 3, height: 7, width: 9, channels: 3, y0: 0, y1: 3, x0: 1, x1: 4, strideY: 2, strideX: 2, offsetY: 1, offsetX: 0 }],
    ['an empty box', { batch: 2, height: 3, width: 3, channels: 4, y0: 2, y1: 2, x0: 0, x1: 3, strideY: 1, strideX: 1, offsetY: 0, offsetX: 0 }],
  ])('should copy each box pixel as one row, image by image, row by row: %s', (_label, g) => {
    const floats = g.batch * g.height * g.width * g.channels;
    const heap = new Float32Array(memory.buffer);
    const source = Float32Array.from({ length: floats }, (_, i) => i + 0.5);
    const [src, dst, record] = [1024, 1024 + floats * 4 + 64, 60_000];
    heap.set(source, src / 4);
    const expected = expectedRows(source, g);
    // a sentinel after the rows: nothing is written past them
    heap.fill(-7, dst / 4, dst / 4 + expected.length + 4);
    new Int32Array(memory.buffer, record, 12).set(boxValues(g));
    gatherBox(src, dst, record);
    expect(Array.from(heap.subarray(dst / 4, dst / 4 + expected.length))).toEqual(expected);
    expect(Array.from(heap.subarray(dst / 4 + expected.length, dst / 4 + expected.length + 4))).toEqual([-7, -7, -7, -7]);
  });
});
