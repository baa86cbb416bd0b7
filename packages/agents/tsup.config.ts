import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/build/tsup-preset';

// Splitting puts the classes both entries use into one shared chunk per format, so an agent built
// through `@prunerl/agents/inversify` is an instance of the `DQNAgent` that `@prunerl/agents` exports.
export default defineConfig(packageBuild({ index: 'src/index.ts', 'inversify/index': 'src/inversify/index.ts' }, { splitting: true }));
