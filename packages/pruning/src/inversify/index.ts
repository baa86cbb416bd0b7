/**
 * @prunerl/pruning/inversify: the container module of the pruning package. The plain entry point
 * (`@prunerl/pruning`) never imports inversify.
 */
export { pruningModule } from './pruning-module';
export type { PruningModuleOptions } from './pruning-module';
