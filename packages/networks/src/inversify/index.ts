/**
 * @prunerl/networks/inversify: the container module of the networks package. The plain entry point
 * (`@prunerl/networks`) never imports inversify.
 */
export { networksModule } from './networks-module';
export type { NetworksModuleOptions } from './networks-module';
