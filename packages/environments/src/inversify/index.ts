/**
 * @prunerl/environments/inversify: the container module binding core's `EnvironmentFactory` and
 * `Environment` tokens to an id of the environment registry.
 */
export { environmentsModule } from './environments-module';
export type { EnvironmentsModuleOptions } from './environments-module';
