import { BackendError } from '@prunerl/core';

/** The npm package that provides each native backend. */
export const NATIVE_PACKAGES = {
  tensorflow: '@tensorflow/tfjs-node',
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
} as const;

/**
 * Loads a native TensorFlow backend (libtensorflow through N-API). These packages are optional peer
 * dependencies: they download a binary at install time, which many machines cannot do, so prunerl
 * never requires them. Importing the package registers the `tensorflow` backend with tfjs-core.
 */
export async function loadNativeBackend(name: keyof typeof NATIVE_PACKAGES): Promise<void> {
  const packageName = NATIVE_PACKAGES[name];
  try {
    // A variable specifier keeps bundlers from trying to resolve an optional package at build time.
    const specifier: string = packageName;
    await import(/* webpackIgnore: true */ specifier);
  } catch (cause) {
    throw new BackendError(
      {
        field: 'backend',
        value: name,
        expected: `an installed ${packageName}@4.22.0`,
        hint:
          `Install it with \`npm install ${packageName}@4.22.0\` (its install script downloads libtensorflow, ` +
          `so the machine needs internet access), or use the default backend 'wasm'.`,
      },
      { cause },
    );
  }
}
