/**
 * @prunerl/mujoco/inversify: the container module binding core's `EnvironmentFactory` and
 * `Environment` tokens to one of the MuJoCo ids.
 */
export { mujocoModule } from './mujoco-module';
export type { MujocoModuleOptions } from './mujoco-module';
