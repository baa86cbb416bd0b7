import { BackendError, ConfigError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { currentBackend, describeBackend, initBackend } from './init-backend';
import { ALL_KERNELS, WASM_TRAINING_KERNELS } from './kernel-set/all-kernels';
import { registerWasmTrainingKernels } from './kernel-set/kernel-set';

describe('initBackend', () => {
  it('should start wasm by default, with SIMD, and report it', async () => {
    const info = await initBackend();
    expect(tf.getBackend()).toBe('wasm');
    expect(info).toMatchObject({ name: 'wasm', tfjsBackend: 'wasm', tfjsVersion: '4.22.0', simd: true, threads: false, threadsCount: 1, simdKernels: true, fusedMultiplyAdd: true });
    expect(describeBackend(info)).toBe('wasm (SIMD on, 1 thread, FMA), tfjs 4.22.0');
    expect(currentBackend()).toBe(info);
  });

  it('should make every training kernel available on wasm', async () => {
    await initBackend({ name: 'wasm' });
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    expect(registerWasmTrainingKernels()).toEqual([]);
  });

  it('should switch between the SIMD and the baseline kernel sets on request', async () => {
    const baseline = await initBackend({ name: 'wasm', simdKernels: false, fusedKernels: false });
    expect(baseline.simdKernels).toBe(false);
    expect(describeBackend(baseline)).toBe('wasm (SIMD on, 1 thread, baseline kernels), tfjs 4.22.0');
    const product = tf.tidy(() => Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()));
    expect(product).toEqual([11]);
    const simd = await initBackend({ name: 'wasm' });
    expect(simd.simdKernels).toBe(true);
    expect(simd.addedKernels).toContain('BatchMatMul');
    expect(registerWasmTrainingKernels()).toEqual([]);
    await expect(initBackend({ simdKernels: 'yes' as never })).rejects.toThrow(ConfigError);
  });

  it('should switch the SIMD and the fused kernels independently', async () => {
    const fusedOf = (backend: string): boolean[] => ALL_KERNELS.filter((k) => k.group === 'fused' && k[backend as 'wasm' | 'cpu']).map((k) => tf.getKernel(k.kernelName, backend) !== undefined);
    const noSimd = await initBackend({ name: 'wasm', simdKernels: false });
    expect(noSimd).toMatchObject({ simdKernels: false, fusedKernels: true });
    expect(describeBackend(noSimd)).toBe('wasm (SIMD on, 1 thread, no SIMD kernels), tfjs 4.22.0');
    expect(fusedOf('wasm').every(Boolean)).toBe(true);
    const unfused = await initBackend({ name: 'wasm', fusedKernels: false });
    expect(unfused).toMatchObject({ simdKernels: true, fusedKernels: false });
    expect(describeBackend(unfused)).toBe('wasm (SIMD on, 1 thread, FMA, no fused kernels), tfjs 4.22.0');
    expect(fusedOf('wasm').some(Boolean)).toBe(false);
    expect(fusedOf('cpu').some(Boolean)).toBe(false);
    expect(tf.tidy(() => Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()))).toEqual([11]);
    await expect(initBackend({ fusedKernels: 'no' as never })).rejects.toThrow(ConfigError);
    const both = await initBackend({ name: 'wasm' });
    expect(both).toMatchObject({ simdKernels: true, fusedKernels: true });
    expect(fusedOf('wasm').every(Boolean)).toBe(true);
    expect(fusedOf('cpu').every(Boolean)).toBe(true);
  });

  it('should generate the products without fused multiply-add on request, and validate the option', async () => {
    const plain = await initBackend({ name: 'wasm', fusedMultiplyAdd: false });
    expect(plain.fusedMultiplyAdd).toBe(false);
    expect(describeBackend(plain)).toBe('wasm (SIMD on, 1 thread), tfjs 4.22.0');
    const product = tf.tidy(() => Array.from(tf.matMul(tf.tensor2d([[1, 2, 3, 4, 5]]), tf.tensor2d([[1], [2], [3], [4], [5]])).dataSync()));
    expect(product).toEqual([55]);
    expect((await initBackend({ name: 'wasm' })).fusedMultiplyAdd).toBe(true);
    await expect(initBackend({ fusedMultiplyAdd: 1 as never })).rejects.toThrow(ConfigError);
    expect((await initBackend({ name: 'cpu' })).fusedMultiplyAdd).toBeUndefined();
    await initBackend({ name: 'wasm' });
  });

  it('should switch to the cpu backend and back', async () => {
    expect((await initBackend({ name: 'cpu' })).tfjsBackend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend({ name: 'wasm' })).tfjsBackend).toBe('wasm');
  });

  it('should explain how to install a native backend that is missing', async () => {
    const attempt = initBackend({ name: 'tensorflow' });
    await expect(attempt).rejects.toThrow(BackendError);
    await expect(initBackend({ name: 'tensorflow-gpu' })).rejects.toThrow(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('should reject unknown names and bad thread counts with ConfigErrors', async () => {
    await expect(initBackend({ name: 'metal' as never })).rejects.toThrow(
      'backend: expected one of "wasm", "cpu", "tensorflow", "tensorflow-gpu", "webgl", "webgpu", got "metal".',
    );
    await expect(initBackend({ threads: 0 })).rejects.toThrow(ConfigError);
  });

  it('should say how to get a browser GPU backend that is not registered, and stay where it was', async () => {
    await initBackend({ name: 'wasm' });
    await expect(initBackend({ name: 'webgpu' })).rejects.toThrow(BackendError);
    await expect(initBackend({ name: 'webgpu' })).rejects.toThrow(/Import '@tensorflow\/tfjs-backend-webgpu' \(4\.22\.0\) before initBackend/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('should check wasmPaths before handing them to tfjs-backend-wasm', async () => {
    for (const wasmPaths of ['', { 'tfjs-backend-wasm-simd.wasm': '' }, { 'simd.wasm': '/a.wasm' }, {}, ['/a/']]) {
      await expect(initBackend({ name: 'wasm', simdKernels: false, wasmPaths: wasmPaths as never })).rejects.toThrow(/^wasmPaths: expected a URL prefix, or URLs keyed by "tfjs-backend-wasm\.wasm"/);
    }
    // Refused before anything changed: the SIMD kernel set is still the one installed.
    expect(tf.getBackend()).toBe('wasm');
    expect((await initBackend({ name: 'wasm' })).simdKernels).toBe(true);
    expect(registerWasmTrainingKernels()).toEqual([]);
  });
});
