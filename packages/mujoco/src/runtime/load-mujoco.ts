import { EnvironmentError } from '@prunerl/core';
import { MujocoRuntime } from './mujoco-runtime';
import type { MujocoModule } from './mujoco-types';

/** Routes the module's printed lines to the console, or into a list while a load is watched. */
class ModuleOutput {
  private lines: string[] | undefined;

  print = (text: string): void => {
    if (this.lines) this.lines.push(text);
    else console.log(text);
  };

  printErr = (text: string): void => {
    if (this.lines) this.lines.push(text);
    else console.error(text);
  };

  capture<T>(body: () => T): { result: T; lines: string[] } {
    const lines: string[] = [];
    this.lines = lines;
    try {
      return { result: body(), lines };
    } finally {
      this.lines = undefined;
    }
  }
}

/**
 * The one load per process, kept on `globalThis` under a global symbol (as core keeps its
 * registries), so the ESM and CJS builds and the `/inversify` entry, which each carry a copy of this
 * file, share one module instead of instantiating 11 MB of WebAssembly each.
 */
const SHARED = Symbol.for('@prunerl/mujoco/runtime');
type SharedStore = { [SHARED]?: Promise<MujocoRuntime> };

/**
 * Loads MuJoCo's WebAssembly module (`mujoco-js`, about 11 MB, 0.1-0.3 s) on first call and returns
 * the same {@link MujocoRuntime} afterwards: one module per process (per page) serves every
 * environment, as one tfjs backend serves every model. Asynchronous because WebAssembly
 * instantiation is; everything after it (building and stepping environments) is synchronous.
 *
 * @example
 * ```ts
 * const mujoco = await loadMujoco();
 * const env = new HopperEnv({ mujoco });
 * ```
 */
export function loadMujoco(): Promise<MujocoRuntime> {
  const store = globalThis as SharedStore;
  store[SHARED] ??= instantiate().catch((error: unknown) => {
    delete store[SHARED];
    throw new EnvironmentError(
      { field: 'mujoco-js', value: error instanceof Error ? error.message : error, expected: 'the MuJoCo WebAssembly module to load' },
      { cause: error },
    );
  });
  return store[SHARED];
}

async function instantiate(): Promise<MujocoRuntime> {
  const { default: factory } = (await import('mujoco-js')) as unknown as { default: (options: object) => Promise<MujocoModule> };
  const output = new ModuleOutput();
  const module = await factory({ print: output.print, printErr: output.printErr });
  return new MujocoRuntime(module, output);
}
