import { defineConfig, type Plugin } from 'vite';

/**
 * The playground must run on the published entry points as users get them: no Node built-in may
 * reach the bundle (Vite would stub it and the page fail at run time). This fails the build instead.
 */
function noNodeBuiltins(): Plugin {
  return {
    name: 'prunerl-no-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      if (/^node:/.test(source) || /^(fs|path|os|crypto|child_process|worker_threads|zlib|v8|module|url|util|stream)(\/.*)?$/.test(source)) {
        // Third-party libraries (tfjs, seedrandom) reach Node modules only behind `browser` field
        // maps or `try { require(...) }` guards, which Vite stubs; prunerl's packages must not at all.
        if (!importer || importer.includes('/node_modules/')) return null;
        this.error(`${importer ?? 'the page'} imports the Node built-in "${source}": the playground runs in browsers`);
      }
      return null;
    },
  };
}

// `base: './'` lets the built page be served from any path (the test serves dist/ at the root).
export default defineConfig({
  base: './',
  plugins: [noNodeBuiltins()],
  worker: {
    format: 'es',
    // The WebGPU backend's lazy chunk is named for what it is (by default it takes its folder's name, `dist`).
    rolldownOptions: {
      output: { chunkFileNames: (chunk) => `assets/${chunk.moduleIds.some((id) => id.includes('tfjs-backend-webgpu')) ? 'tfjs-backend-webgpu' : '[name]'}-[hash].js` },
    },
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // tfjs and vega are large libraries; the sizes per chunk are printed (gzip) and reported in the README.
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: true,
  },
});
