import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/build/tsup-preset';

export default defineConfig(packageBuild({ index: 'src/index.ts', 'inversify/index': 'src/inversify/index.ts' }));
