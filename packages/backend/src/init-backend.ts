import { BackendError, checkBoolean, checkOneOf, checkPositiveInteger, ConfigError } from '@prunerl/core';
import { enableRelaxedSimd } from '@prunerl/wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfjsWasm from '@tensorflow/tfjs-backend-wasm';
import './register-gradients';
import { BACKEND_NAMES, BROWSER_GPU_BACKENDS, type BackendName } from './backend-name';
import { installKernelSet, kernelSet } from './kernel-set/kernel-set';
import { loadNativeBackend } from './native/load-native-backend';
import { KernelHelper } from './simd/kernel-helpers';
import type { SimdKernels } from './simd/simd-runtime';

/** The binaries of tfjs-backend-wasm 4.22 (`setWasmPaths` names them so). */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

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
   * wasm only: run products, convolutions, their gradients, elementwise ops and sums on prunerl's
   * generated SIMD kernels (default `true`), or on tfjs-backend-wasm's own kernels plus what
   * training needs there in its earlier form (`false`; see `KernelSetOptions.simdKernels`).
   * Independent of `fusedKernels`: `{ simdKernels: false, fusedKernels: false }` is the baseline
   * kernel set of the benchmarks (`npm run bench -- --baseline`).
   */
  readonly simdKernels?: boolean;
  /**
   * wasm and cpu: register the kernels of core's kernel names (fused Adam, dense and convolution
   * layers, `Q(s, a)` selection, TD losses; default `true`), each one kernel where tfjs runs
   * several ops. `false` leaves them out, so optimisers, networks and agents run those ops (see
   * `KernelSetOptions.fusedKernels`).
   */
  readonly fusedKernels?: boolean;
  /**
   * wasm with `simdKernels` only: products use WebAssembly relaxed-SIMD fused multiply-add where the
   * engine has relaxed SIMD (default `true`; 1.3-1.4x faster forward and input-gradient products
   * here). Node 22+ and current browsers ship it; Node 20 and 21 have it behind V8's
   * `--experimental-wasm-relaxed-simd`, which prunerl then sets (for modules compiled afterwards;
   * set this to `false` to leave V8's flags alone). Results can differ from the multiply-then-add
   * kernels in the last bits (one rounding instead of two).
   */
  readonly fusedMultiplyAdd?: boolean;
  /**
   * wasm with `simdKernels` only: products, convolutions and weight gradients skip the zero
   * weights of pruned layers where that pays (default `true`; see the README's "Pruned layers").
   * `false`: dense kernels whatever the weights, a benchmark's before/after switch (`npm run bench
   * -- --dense-kernels`). Results agree to float summation order either way.
   */
  readonly sparseKernels?: boolean;
  /**
   * wasm with `simdKernels`, in Node: threads that run prunerl's kernels (default 1). From 2, large
   * dense convolutions share their work with `kernelThreads - 1` helper threads (worker threads, each
   * running the kernels on a shared memory of its own): forward passes from 8 input channels and the
   * input gradients of stride-1 convolutions from 8 output channels (which run as forward
   * convolutions), split by images, and filter gradients from 8 input channels, split by filter taps;
   * not pointwise (1x1, stride 1, unpadded) convolutions nor strided input gradients. Every value is
   * computed by the same code over the same terms in the same order whichever thread computes it, so
   * results are bit-identical for any count with finite weights and inputs (an infinite or NaN weight
   * may reach different padded border outputs); only the time changes. Smaller products, dense
   * layers, the sparse kernels of pruned layers and tfjs's own kernels stay on the calling thread.
   */
  readonly kernelThreads?: number;
  /**
   * wasm in browsers: where the page serves tfjs-backend-wasm's `.wasm` binaries, as its
   * `setWasmPaths` takes it: a URL prefix ending in `/`, or a URL per binary (a bundler's asset URLs,
   * e.g. Vite's `import simd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url'`).
   * Without it tfjs looks beside the script that loaded it, which a bundled app does not have; Node
   * finds them in the package and needs none.
   */
  readonly wasmPaths?: string | Readonly<Partial<Record<WasmBinaryName, string>>>;
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
  /** wasm and cpu: whether the kernels of core's kernel names are registered (`fusedKernels`). */
  readonly fusedKernels: boolean | undefined;
  /** wasm with `simdKernels` only: whether pruned weights take the sparse kernels (`sparseKernels`). */
  readonly sparseKernels: boolean | undefined;
  /** wasm with `simdKernels` only: threads running prunerl's kernels (`kernelThreads`; 1: the calling thread alone). */
  readonly kernelThreads: number | undefined;
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
  const wasmPaths = options.wasmPaths === undefined ? undefined : checkWasmPaths(options.wasmPaths);
  const simdKernels = name === 'wasm' ? checkBoolean('simdKernels', options.simdKernels ?? true) : undefined;
  const fmaRequested = checkBoolean('fusedMultiplyAdd', options.fusedMultiplyAdd ?? true);
  const fusedMultiplyAdd = simdKernels ? fmaRequested && enableRelaxedSimd(fmaRequested) : undefined;
  const sparseRequested = checkBoolean('sparseKernels', options.sparseKernels ?? true);
  const sparseKernels = simdKernels ? sparseRequested : undefined;
  const kernelThreads = simdKernels ? checkPositiveInteger('kernelThreads', options.kernelThreads ?? 1) : undefined;
  if (options.kernelThreads !== undefined && options.kernelThreads !== 1 && !simdKernels) {
    throw new ConfigError({
      field: 'kernelThreads',
      value: options.kernelThreads,
      expected: `1 with backend ${JSON.stringify(name)}${name === 'wasm' ? ' and simdKernels false' : ''} (kernel threads run prunerl's SIMD kernels, on wasm only)`,
    });
  }
  if (kernelThreads !== undefined && kernelThreads > MAX_KERNEL_THREADS) {
    throw new ConfigError({ field: 'kernelThreads', value: kernelThreads, expected: `an integer from 1 to ${MAX_KERNEL_THREADS}` });
  }
  const native = name === 'tensorflow' || name === 'tensorflow-gpu';
  const browserGpu = BROWSER_GPU_BACKENDS.includes(name);
  // prunerl's own kernels exist for wasm and cpu only; the others run tfjs's kernels and ops.
  const fusedKernels = native || browserGpu ? undefined : checkBoolean('fusedKernels', options.fusedKernels ?? true);
  if (
    current &&
    current.name === name &&
    current.simdKernels === simdKernels &&
    current.fusedMultiplyAdd === fusedMultiplyAdd &&
    current.fusedKernels === fusedKernels &&
    current.sparseKernels === sparseKernels &&
    current.kernelThreads === kernelThreads &&
    tf.getBackend() === current.tfjsBackend
  ) {
    return current;
  }

  // Until this switch succeeds, nothing describes the running backend (a failed switch, e.g. helper
  // threads that do not start, must not leave the previous info to be returned as current).
  current = undefined;
  // One value, built once per distinct options (see `kernelSet`); the kernels get it, not globals.
  const kernels = kernelSet({ simdKernels: simdKernels === true, fusedKernels: fusedKernels !== false, fusedMultiplyAdd: fusedMultiplyAdd === true, sparseKernels: sparseKernels === true });
  // cpu gets the set's cpu kernels whatever runs, as the fallback backend tfjs may switch to.
  const installed = installKernelSet(kernels, name === 'wasm' ? ['cpu', 'wasm'] : ['cpu']);
  await useKernelHelpers(kernels.simd, (kernelThreads ?? 1) - 1, fusedMultiplyAdd === true);
  let tfjsBackend: string = name;
  let addedKernels: string[] = [];
  if (name === 'wasm') {
    addedKernels = [...installed.wasm];
    if (threadsRequested !== undefined) tfjsWasm.setThreadsCount(threadsRequested);
    if (wasmPaths !== undefined) tfjsWasm.setWasmPaths(wasmPaths);
  } else if (native) {
    await loadNativeBackend(name);
    tfjsBackend = 'tensorflow';
  } else if (browserGpu && tf.findBackendFactory(name) === null) {
    throw new BackendError({
      field: 'backend',
      value: name,
      expected: `a registered ${name} backend`,
      hint:
        name === 'webgpu'
          ? "Import '@tensorflow/tfjs-backend-webgpu' (4.22.0) before initBackend, in a browser with WebGPU."
          : "The '@tensorflow/tfjs' union registers it; it needs a browser with WebGL.",
    });
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
    threadsCount = tfjsWasm.getThreadsCount();
    threads = threadsCount > 1;
  }
  current = { name, tfjsBackend, tfjsVersion: tf.version_core, simd, threads, threadsCount, addedKernels, simdKernels, fusedMultiplyAdd, fusedKernels, sparseKernels, kernelThreads };
  return current;
}

/** More kernel threads than a machine has cores only slow a run down; 16 covers today's machines. */
export const MAX_KERNEL_THREADS = 16;

/** The running helper threads and the kernels they serve (one set at a time). */
let helpers: { readonly simd: SimdKernels; readonly fma: boolean; readonly threads: readonly KernelHelper[] } | undefined;

/** Gives `simd` `count` helper threads (starting or stopping them as needed); other sets get none. */
async function useKernelHelpers(simd: SimdKernels | undefined, count: number, fma: boolean): Promise<void> {
  if (helpers && helpers.simd === simd && helpers.fma === fma && helpers.threads.length === count) return;
  if (helpers) {
    helpers.simd.setHelpers([]);
    await Promise.all(helpers.threads.map((h) => h.dispose()));
    helpers = undefined;
  }
  if (!simd || count === 0) return;
  const threads = await KernelHelper.start(count, { fma });
  simd.setHelpers(threads);
  helpers = { simd, fma, threads };
}

const WASM_BINARIES: readonly WasmBinaryName[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** `wasmPaths` as `setWasmPaths` takes it, or a `ConfigError` naming what is wrong. */
function checkWasmPaths(paths: unknown): string | Partial<Record<WasmBinaryName, string>> {
  if (typeof paths === 'string' && paths.length > 0) return paths;
  if (paths !== null && typeof paths === 'object' && !Array.isArray(paths)) {
    const entries = Object.entries(paths);
    if (entries.length > 0 && entries.every(([key, value]) => (WASM_BINARIES as readonly string[]).includes(key) && typeof value === 'string' && value.length > 0)) {
      return paths as Partial<Record<WasmBinaryName, string>>;
    }
  }
  throw new ConfigError({ field: 'wasmPaths', value: paths, expected: `a URL prefix, or URLs keyed by ${WASM_BINARIES.map((n) => JSON.stringify(n)).join(', ')}` });
}

/** The info of the backend {@link initBackend} set up last, or `undefined` before the first call. */
export function currentBackend(): BackendInfo | undefined {
  return current && tf.getBackend() === current.tfjsBackend ? current : undefined;
}

/** One line for logs and run metadata. */
export function describeBackend(info: BackendInfo): string {
  const unfused = info.fusedKernels === false;
  if (info.name === 'wasm') {
    const n = info.threadsCount ?? 1;
    let kernels: string;
    if (info.simdKernels === false) kernels = unfused ? ', baseline kernels' : ', no SIMD kernels';
    else kernels = `${info.fusedMultiplyAdd ? ', FMA' : ''}${unfused ? ', no fused kernels' : ''}${info.sparseKernels === false ? ', no sparse kernels' : ''}${(info.kernelThreads ?? 1) > 1 ? `, ${info.kernelThreads} kernel threads` : ''}`;
    return `wasm (SIMD ${info.simd ? 'on' : 'off'}, ${n} thread${n === 1 ? '' : 's'}${kernels}), tfjs ${info.tfjsVersion}`;
  }
  return `${info.name}${unfused ? ' (no fused kernels)' : ''}, tfjs ${info.tfjsVersion}`;
}
