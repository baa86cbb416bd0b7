/**
 * @prunerl/replay/inversify: the container module of the replay package. The plain entry point
 * (`@prunerl/replay`) never imports inversify.
 */
export { replayModule } from './replay-module';
export type { ReplayModuleOptions } from './replay-module';
