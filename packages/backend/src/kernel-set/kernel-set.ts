import { getGradient, getKernel, registerGradient, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
// The backends whose kernels a set replaces or joins: registered before any set is built.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { enableRelaxedSimd } from '@prunerl/wasm';
import { SimdKernels } from '../simd/simd-runtime';
import { ALL_GRADIENTS, ALL_KERNELS } from './all-kernels';
import type { KernelContext, KernelDefinition } from './kernel-definition';

/** The switches of a kernel set, each independent of the others. */
export interface KernelSetOptions {
  /**
   * wasm: products, convolutions, their gradients, elementwise ops and sums run on prunerl's
   * generated SIMD kernels, and `Identity` shares buffers. `false`: tfjs-backend-wasm's own kernels
   * plus what training needs there in its earlier form (convolution-based convolution gradients,
   * explicit transposes around products, JavaScript loops); a benchmark baseline, and a way out
   * should an engine mis-run the generated code.
   */
  readonly simdKernels: boolean;
  /**
   * wasm and cpu: register the kernels of core's kernel names (fused Adam, dense and convolution
   * layers with their ReLU gradient, `Q(s, a)` selection and the TD losses), each one kernel where
   * tfjs would run several ops. `false`: networks, agents and optimisers fall back to those ops.
   */
  readonly fusedKernels: boolean;
  /**
   * With `simdKernels`: the generated products use relaxed-SIMD fused multiply-add. Give what the
   * engine allows (`enableRelaxedSimd`), not what was asked for.
   */
  readonly fusedMultiplyAdd: boolean;
  /**
   * With `simdKernels`: pruned weights (mostly exact zeros) take the sparse products, convolutions
   * and weight gradients where they pay. `false`: the dense kernels whatever the weights.
   */
  readonly sparseKernels: boolean;
}

/** A kernel set: the registrations one {@link KernelSetOptions} value stands for, built once. */
export interface KernelSet {
  readonly options: KernelSetOptions;
  /** The generated SIMD kernels the set's kernels run on (`simdKernels`), else `undefined`. */
  readonly simd: SimdKernels | undefined;
  /** What to register on each backend. */
  readonly configs: { readonly wasm: readonly KernelConfig[]; readonly cpu: readonly KernelConfig[] };
  /** Names to unregister on each backend (the fused kernels of a set without them). */
  readonly removed: { readonly wasm: readonly string[]; readonly cpu: readonly string[] };
}

/**
 * The tfjs-backend-wasm kernel a registration of this package replaced: kept on the registration
 * itself (tfjs keeps the config object it was given), so the original is found whichever set is
 * installed, and whenever a set is built. A global symbol, so two copies of this package agree.
 */
const REPLACES = Symbol.for('@prunerl/backend/replaces');

type Replacing = KernelConfig & { readonly [REPLACES]?: KernelConfig };

/** The wasm backend's own kernel `name`, looking through a registration of ours. */
function builtInKernel(name: string): KernelConfig | undefined {
  const config = getKernel(name, 'wasm') as Replacing | undefined;
  return config?.[REPLACES] ?? config;
}

function wasmConfig(definition: KernelDefinition, context: KernelContext): KernelConfig {
  const builtIn = context.builtIn(definition.kernelName);
  const config: Replacing = {
    kernelName: definition.kernelName,
    backendName: 'wasm',
    kernelFunc: definition.wasm!(context),
    ...(definition.delegatesToBuiltIn && builtIn?.setupFunc ? { setupFunc: builtIn.setupFunc } : {}),
    ...(definition.delegatesToBuiltIn && builtIn?.disposeFunc ? { disposeFunc: builtIn.disposeFunc } : {}),
    ...(builtIn ? { [REPLACES]: builtIn } : {}),
  };
  return config;
}

function build(options: KernelSetOptions): KernelSet {
  const simd = options.simdKernels ? new SimdKernels({ fma: options.fusedMultiplyAdd }, options.sparseKernels) : undefined;
  const context: KernelContext = { simd, builtIn: builtInKernel };
  const wasm: KernelConfig[] = [];
  const cpu: KernelConfig[] = [];
  const removed = { wasm: [] as string[], cpu: [] as string[] };
  for (const definition of ALL_KERNELS) {
    if (definition.group === 'fused' && !options.fusedKernels) {
      if (definition.wasm) removed.wasm.push(definition.kernelName);
      if (definition.cpu) removed.cpu.push(definition.kernelName);
      continue;
    }
    if (definition.group === 'simd' && !options.simdKernels) {
      // tfjs-backend-wasm's own kernel, as it registered it.
      const builtIn = context.builtIn(definition.kernelName);
      if (builtIn) wasm.push(builtIn);
      continue;
    }
    if (definition.wasm) wasm.push(wasmConfig(definition, context));
    if (definition.cpu) cpu.push({ kernelName: definition.kernelName, backendName: 'cpu', kernelFunc: definition.cpu(context) });
  }
  return Object.freeze({ options: Object.freeze({ ...options }), simd, configs: Object.freeze({ wasm, cpu }), removed });
}

const built = new Map<string, KernelSet>();

/**
 * The kernel set of `options`. Built once per distinct value (the generated module compiled once,
 * the registrations made once), so installing the same set again changes nothing and switching
 * back and forth between sets, as the benchmarks do, rebuilds nothing. Building reads
 * tfjs-backend-wasm's registrations (through whatever set is installed), so it works at any time
 * after that package is loaded; nothing is captured at import time.
 */
export function kernelSet(options: KernelSetOptions): KernelSet {
  const key = `${options.simdKernels}|${options.fusedKernels}|${options.fusedMultiplyAdd}|${options.sparseKernels}`;
  let set = built.get(key);
  if (!set) {
    set = build(options);
    built.set(key, set);
  }
  return set;
}

/** Names (re-)registered by {@link installKernelSet}, per backend. */
export interface InstalledKernels {
  readonly wasm: readonly string[];
  readonly cpu: readonly string[];
}

/**
 * Installs `set` on `backends`: its gradients (global, per kernel name: each registered once), then
 * on each backend its registrations, replacing whatever is registered under their names, and the
 * removal of the kernels the set leaves out. Idempotent; returns the names it (re-)registered in
 * this call.
 */
export function installKernelSet(set: KernelSet, backends: readonly ('wasm' | 'cpu')[]): InstalledKernels {
  if (set.options.fusedKernels) {
    for (const config of ALL_GRADIENTS) if (!getGradient(config.kernelName)) registerGradient(config);
  }
  const installed = { wasm: [] as string[], cpu: [] as string[] };
  for (const backendName of backends) {
    for (const name of set.removed[backendName]) if (getKernel(name, backendName)) unregisterKernel(name, backendName);
    for (const config of set.configs[backendName]) {
      const existing = getKernel(config.kernelName, backendName);
      if (existing?.kernelFunc === config.kernelFunc) continue;
      if (existing) unregisterKernel(config.kernelName, backendName);
      registerKernel(config);
      installed[backendName].push(config.kernelName);
    }
  }
  return installed;
}

/** Options of {@link registerWasmTrainingKernels}: {@link KernelSetOptions} as asked for, each defaulting to `true`. */
export type WasmKernelOptions = Partial<KernelSetOptions>;

/**
 * Installs the wasm part of the kernel set `options` ask for (fused multiply-add where the engine
 * has relaxed SIMD, turning it on as `enableRelaxedSimd` does). `initBackend` does this for you;
 * returns the names (re-)registered in this call.
 */
export function registerWasmTrainingKernels(options: WasmKernelOptions = {}): string[] {
  const simdKernels = options.simdKernels ?? true;
  const fmaRequested = options.fusedMultiplyAdd ?? true;
  const fusedMultiplyAdd = simdKernels && fmaRequested && enableRelaxedSimd(fmaRequested);
  return [...installKernelSet(kernelSet({ simdKernels, fusedKernels: options.fusedKernels ?? true, fusedMultiplyAdd, sparseKernels: simdKernels && (options.sparseKernels ?? true) }), ['wasm']).wasm];
}
