import { WasmModuleBuilder } from './wasm-module-builder';

/** Instantiates `bytes` over a fresh one-page memory; returns the exports and the memory. */
function instantiate(bytes: Uint8Array<ArrayBuffer>): { exports: Record<string, (...args: number[]) => number>; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { exports: instance.exports as unknown as Record<string, (...args: number[]) => number>, memory };
}

describe(WasmModuleBuilder, () => {
  describe('.build', () => {
    it('should emit a valid module whose functions compute what their instructions say', () => {
      const bytes = new WasmModuleBuilder()
        .addFunction('addInts', ['i32', 'i32'], ['i32'], (f) => {
          f.get(0).get(1).i32Add();
        })
        // sum of n floats at byte offset `ptr`, with a counted loop
        .addFunction('sum', ['i32', 'i32'], ['f32'], (f) => {
          const total = f.local('f32');
          const end = f.local('i32');
          f.get(0).get(1).i32(4).i32Mul().i32Add().set(end); // end = ptr + 4 n
          f.block((done) => {
            f.loop((next) => {
              f.get(0).get(end).i32GeS().brIf(done);
              f.get(total).get(0).f32Load().f32Add().set(total);
              f.increment(0, 4).br(next);
            });
          });
          f.get(total);
        })
        .build();
      expect(WebAssembly.validate(bytes)).toBe(true);
      const { exports, memory } = instantiate(bytes);
      expect(exports['addInts']!(40, 2)).toBe(42);
      expect(exports['addInts']!(-5, 3)).toBe(-2);
      new Float32Array(memory.buffer, 64, 4).set([1.5, 2, -0.25, 10]);
      expect(exports['sum']!(64, 4)).toBe(13.25);
      expect(exports['sum']!(64, 0)).toBe(0);
    });

    it('should emit counted loops and block loops with a remainder', () => {
      const bytes = new WasmModuleBuilder()
        // sum of 0..n-1
        .addFunction('sumTo', ['i32'], ['i32'], (f) => {
          const [i, total] = [f.local('i32'), f.local('i32')];
          f.forCount(i, 0, () => f.get(total).get(i).i32Add().set(total));
          f.get(total);
        })
        // blocks of 4 while they fit, then singles: returns 100·blocks + singles
        .addFunction('blocks', ['i32'], ['i32'], (f) => {
          const [i, count] = [f.local('i32'), f.local('i32')];
          f.whileFits(i, 0, 4, () => f.increment(count, 100));
          f.whileFits(i, 0, 1, () => f.increment(count, 1));
          f.get(count);
        })
        .build();
      const { exports } = instantiate(bytes);
      expect(exports['sumTo']!(5)).toBe(10);
      expect(exports['sumTo']!(0)).toBe(0);
      expect(exports['blocks']!(11)).toBe(203);
      expect(exports['blocks']!(8)).toBe(200);
      expect(exports['blocks']!(3)).toBe(3);
    });

    it('should shuffle f32 lanes and do i32x4 arithmetic', () => {
      const bytes = new WasmModuleBuilder()
        // out = shuffle(v[a], v[b], [2, 6, 3, 7]); ints = splat(n) + (0, 1, 2, 3), lane 3 returned
        .addFunction('lanes', ['i32', 'i32', 'i32', 'i32'], ['i32'], (f) => {
          f.get(2).get(0).v128Load().get(1).v128Load().f32x4Shuffle([2, 6, 3, 7]).v128Store();
          f.get(3).i32x4Splat().i32x4Const(0, 1, 2, 3).i32x4Add().i32x4ExtractLane(3);
        })
        .build();
      const { exports, memory } = instantiate(bytes);
      const view = new Float32Array(memory.buffer);
      view.set([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(exports['lanes']!(0, 16, 64, 40)).toBe(43);
      expect(Array.from(view.subarray(16, 20))).toEqual([3, 7, 4, 8]);
      expect(() => new WasmModuleBuilder().addFunction('bad', [], [], (f) => f.f32x4Shuffle([0, 1, 2, 8]))).toThrow('lane 8 is not in 0..7');
    });

    it('should encode large and negative constants (LEB128)', () => {
      const bytes = new WasmModuleBuilder()
        .addFunction('big', [], ['i32'], (f) => {
          f.i32(-1_000_000);
        })
        .addFunction('float', [], ['f32'], (f) => {
          f.f32(0.1);
        })
        .build();
      const { exports } = instantiate(bytes);
      expect(exports['big']!()).toBe(-1_000_000);
      expect(exports['float']!()).toBe(Math.fround(0.1));
    });
  });
});
