import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/build/tsup-preset';

// `sweep-worker` is the script sweeps fork (one process per run); `shims` gives the ESM build the
// `__filename` the runner uses to find it (and the CJS build `import.meta.url`). The `browser`
// entry imports no Node built-in and needs no shim, so it is built for the neutral platform apart.
export default defineConfig([
  packageBuild({ index: 'src/index.ts', 'sweep-worker': 'src/sweep/sweep-worker.ts' }, { shims: true, platform: 'node' }),
  packageBuild({ 'browser/index': 'src/browser/index.ts' }, { clean: false }),
]);
