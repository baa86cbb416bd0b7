/**
 * Backends prunerl can run on. `wasm` is the default and always available; `cpu` is pure JS;
 * `tensorflow` and `tensorflow-gpu` are Node's native builds (optional peers); `webgl` and `webgpu`
 * are browsers' GPU backends (`webgl` comes with the `@tensorflow/tfjs` union this package loads,
 * `webgpu` once the app has imported `@tensorflow/tfjs-backend-webgpu`), where the browser has them.
 */
export const BACKEND_NAMES = ['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu', 'webgl', 'webgpu'] as const;

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The browser GPU backends: registered by their tfjs packages, with none of prunerl's kernels. */
export const BROWSER_GPU_BACKENDS: readonly BackendName[] = ['webgl', 'webgpu'];
