import { WasmModuleBuilder } from '../module/wasm-module-builder';

/** The V8 flag that turns relaxed SIMD on in engines that have it behind a flag (Node 20 and 21). */
export const RELAXED_SIMD_V8_FLAG = '--experimental-wasm-relaxed-simd';

/** Whether this engine compiles a module that uses `f32x4.relaxed_madd`. */
export function engineHasRelaxedSimd(): boolean {
  const module = new WasmModuleBuilder();
  module.addFunction('madd', ['v128', 'v128', 'v128'], ['v128'], (f) => {
    f.get(0).get(1).get(2).f32x4RelaxedMadd();
  });
  try {
    // validate() alone is not enough: some engines validate opcodes they then refuse to compile.
    new WebAssembly.Module(module.build());
    return true;
  } catch {
    return false;
  }
}

interface NodeProcessWithBuiltins {
  readonly versions?: { readonly node?: string };
  getBuiltinModule?(name: string): unknown;
}

let flagSet = false;

/**
 * Whether relaxed SIMD is available, turning it on when `allowFlag` is set and the engine is
 * Node's V8 that ships it behind {@link RELAXED_SIMD_V8_FLAG} (Node 20/21; Node 22 and browsers
 * ship it on). Relaxed SIMD is a finished WebAssembly proposal; the flag only enables it for
 * modules compiled afterwards. No effect in browsers.
 */
export function enableRelaxedSimd(allowFlag: boolean): boolean {
  if (engineHasRelaxedSimd()) return true;
  if (!allowFlag || flagSet) return false;
  const nodeProcess = (globalThis as { process?: NodeProcessWithBuiltins }).process;
  const v8 = nodeProcess?.versions?.node ? (nodeProcess.getBuiltinModule?.('node:v8') as { setFlagsFromString?(flags: string): void } | undefined) : undefined;
  if (!v8?.setFlagsFromString) return false;
  v8.setFlagsFromString(RELAXED_SIMD_V8_FLAG);
  flagSet = true;
  return engineHasRelaxedSimd();
}
