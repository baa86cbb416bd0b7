import { WasmModuleBuilder } from '../module/wasm-module-builder';
import { enableRelaxedSimd, engineHasRelaxedSimd } from './relaxed-simd';

describe('relaxed SIMD', () => {
  it('should be available on this Node once enabled (Node 20 and 21: behind a V8 flag prunerl may set)', () => {
    expect(enableRelaxedSimd(true)).toBe(true);
    expect(engineHasRelaxedSimd()).toBe(true);
    // Once on, it stays on whatever a later caller allows.
    expect(enableRelaxedSimd(false)).toBe(true);
  });

  it('should compute a·b + c with f32x4.relaxed_madd', () => {
    enableRelaxedSimd(true);
    const bytes = new WasmModuleBuilder()
      .addFunction('madd', ['i32'], [], (f) => {
        f.get(0).get(0).v128Load().get(0).v128Load(16).get(0).v128Load(32).f32x4RelaxedMadd().v128Store(48);
      })
      .build();
    const memory = new WebAssembly.Memory({ initial: 1 });
    const madd = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports['madd'] as (p: number) => void;
    const view = new Float32Array(memory.buffer);
    view.set([1, 2, 3, -4, 0.5, 0.25, 2, 3, 10, 20, 30, 40]);
    madd(0);
    expect(Array.from(view.subarray(12, 16))).toEqual([10.5, 20.5, 36, 28]);
  });
});
