import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/build/tsup-preset';

// The node entry imports Node built-ins; the neutral platform would try to bundle them.
export default defineConfig(
  packageBuild({ index: 'src/index.ts', 'inversify/index': 'src/inversify/index.ts', 'node/index': 'src/node/index.ts' }, { external: [/^node:/] }),
);
