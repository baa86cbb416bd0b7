import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/build/tsup-preset';

export default defineConfig([
  // The library entry (runCli, createProgram, the commands).
  packageBuild({ index: 'src/index.ts' }, { platform: 'node' }),
  // The `prunerl` executable: ESM only, with its shebang; no declarations (it exports nothing).
  packageBuild({ bin: 'src/bin.ts' }, { platform: 'node', format: ['esm'], dts: false, clean: false, banner: { js: '#!/usr/bin/env node' } }),
]);
