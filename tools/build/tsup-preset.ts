import type { Options } from 'tsup';

/**
 * The one build recipe for every package: ESM + CJS, bundled declarations for both (`.d.ts`, `.d.cts`),
 * dependencies and peers left external (tsup's default). Each package lists only its entry points.
 */
export function packageBuild(entry: Record<string, string>, overrides: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    tsconfig: 'tsconfig.lib.json',
    outDir: 'dist',
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}
