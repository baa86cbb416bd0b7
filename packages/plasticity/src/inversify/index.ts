/**
 * @prunerl/plasticity/inversify: the container module of the plasticity package. The plain entry
 * point (`@prunerl/plasticity`) never imports inversify.
 */
export { plasticityModule } from './plasticity-module';
export type { PlasticityHookSpec, PlasticityModuleOptions } from './plasticity-module';
