import { BackendError, checkBoolean, checkOneOf, checkPositiveInteger } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './register-gradients';
import { BACKEND_NAMES, type BackendName } from './backend-name';
import { loadNativeBackend } from './native/load-native-backend';
import { FUSED_ADAM_KERNEL, FUSED_ADAM_KERNELS } from './fused-adam/fused-adam-kernel';
import { FUSED_LAYER_KERNELS, registerFusedLayerGradients } from './fused-layers/fused-layer-kernels';
import { LOSS_KERNELS, registerLossGradients } from './fused-losses/loss-kernels';
import { registerWasmTrainingKernels } from './wasm/register-wasm-training-kernels';
import { enableRelaxedSimd } from './wasm/simd/relaxed-simd';
import { configureSimdKernels } from './wasm/simd/simd-runtime';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Default `wasm`. */
  readonly name?: BackendName;
  /**
   * Threads for the wasm backend. tfjs-backend-wasm 4.22 runs single-threaded in Node (its threaded
   * build needs workers the Node glue does not start); the request is recorded and reported as
   * inactive there. In browsers with cross-origin isolation, threads are used.
   */
  readonly threads?: number;
  /**
   * wasm only: run products, convolutions and their gradients on prunerl's generated SIMD kernels
   * (default `true`), or on the earlier kernel set (`false`, a benchmark baseline; see
   * `WasmKernelOptions`).
   */
  readonly simdKernels?: boolean;
  /**
   * wasm with `simdKernels` only: products use WebAssembly relaxed-SIMD fused multiply-add where the
   * engine has relaxed SIMD (default `true`; 1.3-1.4x faster forward and input-gradient products
   * here). Node 22+ and current browsers ship it; Node 20 and 21 have it behind V8's
   * `--experimental-wasm-relaxed-simd`, which prunerl then sets (for modules compiled afterwards;
   * set this to `false` to leave V8's flags alone). Results can differ from the multiply-then-add
   * kernels in the last bits (one rounding instead of two).
   */
  readonly fusedMultiplyAdd?: boolean;
}

/** What is running, as reported after {@link initBackend}. */
export interface BackendInfo {
  readonly name: BackendName;
  /** The tfjs backend name (`wasm`, `cpu`, `tensorflow`). */
  readonly tfjsBackend: string;
  readonly tfjsVersion: string;
  /** wasm only: whether the SIMD build is running. */
  readonly simd: boolean | undefined;
  /** wasm only: whether the multi-threaded build is running. */
  readonly threads: boolean | undefined;
  /** wasm only: threads in use (1 when single-threaded). */
  readonly threadsCount: number | undefined;
  /** Kernels prunerl registered on this backend. */
  readonly addedKernels: readonly string[];
  /** wasm only: whether prunerl's SIMD training kernels are installed (`simdKernels`). */
  readonly simdKernels: boolean | undefined;
  /** wasm only: whether those kernels use fused multiply-add (`fusedMultiplyAdd`, when the engine allows). */
  readonly fusedMultiplyAdd: boolean | undefined;
}

let current: BackendInfo | undefined;

/**
 * Selects and initialises the TensorFlow.js backend. Call it once, before any tensor work; calling
 * it again with the same name returns the same info, with another name switches backends.
 *
 * @example
 * ```ts
 * const info = await initBackend({ name: 'wasm' });
 * console.log(describeBackend(info)); // "wasm (SIMD on, 1 thread), tfjs 4.22.0"
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const name = checkOneOf('backend', options.name ?? 'wasm', BACKEND_NAMES);
  const threadsRequested = options.threads === undefined ? undefined : checkPositiveInteger('threads', options.threads);
  const simdKernels = name === 'wasm' ? checkBoolean('simdKernels', options.simdKernels ?? true) : undefined;
  const fmaRequested = checkBoolean('fusedMultiplyAdd', options.fusedMultiplyAdd ?? true);
  const fusedMultiplyAdd = simdKernels ? fmaRequested && enableRelaxedSimd(fmaRequested) : undefined;
  if (current && current.name === name && current.simdKernels === simdKernels && current.fusedMultiplyAdd === fusedMultiplyAdd && tf.getBackend() === current.tfjsBackend) return current;
  if (simdKernels) configureSimdKernels({ fma: fusedMultiplyAdd === true });

  let tfjsBackend: string = name;
  let addedKernels: string[] = [];
  const cpuAdam = FUSED_ADAM_KERNELS.find((k) => k.backendName === 'cpu')!;
  if (!tf.getKernel(FUSED_ADAM_KERNEL, 'cpu')) tf.registerKernel(cpuAdam);
  for (const config of [...FUSED_LAYER_KERNELS, ...LOSS_KERNELS]) if (config.backendName === 'cpu' && !tf.getKernel(config.kernelName, 'cpu')) tf.registerKernel(config);
  registerFusedLayerGradients();
  registerLossGradients();
  if (name === 'wasm') {
    addedKernels = registerWasmTrainingKernels({ simd: simdKernels! });
    if (threadsRequested !== undefined) {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setThreadsCount(threadsRequested);
    }
  } else if (name === 'tensorflow' || name === 'tensorflow-gpu') {
    await loadNativeBackend(name);
    tfjsBackend = 'tensorflow';
  }

  let ok = false;
  try {
    ok = await tf.setBackend(tfjsBackend);
    await tf.ready();
  } catch (cause) {
    throw new BackendError({ field: 'backend', value: name, expected: 'a backend that initialises on this machine' }, { cause });
  }
  if (!ok || tf.getBackend() !== tfjsBackend) {
    throw new BackendError({ field: 'backend', value: name, expected: 'a backend that initialises on this machine' });
  }

  let simd: boolean | undefined;
  let threads: boolean | undefined;
  let threadsCount: number | undefined;
  if (name === 'wasm') {
    simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    threadsCount = wasm.getThreadsCount();
    threads = threadsCount > 1;
  }
  current = { name, tfjsBackend, tfjsVersion: tf.version_core, simd, threads, threadsCount, addedKernels, simdKernels, fusedMultiplyAdd };
  return current;
}

/** The info of the backend {@link initBackend} set up last, or `undefined` before the first call. */
export function currentBackend(): BackendInfo | undefined {
  return current && tf.getBackend() === current.tfjsBackend ? current : undefined;
}

/** One line for logs and run metadata. */
export function describeBackend(info: BackendInfo): string {
  if (info.name === 'wasm') {
    const n = info.threadsCount ?? 1;
    const kernels = info.simdKernels === false ? ', baseline kernels' : info.fusedMultiplyAdd ? ', FMA' : '';
    return `wasm (SIMD ${info.simd ? 'on' : 'off'}, ${n} thread${n === 1 ? '' : 's'}${kernels}), tfjs ${info.tfjsVersion}`;
  }
  return `${info.name}, tfjs ${info.tfjsVersion}`;
}
