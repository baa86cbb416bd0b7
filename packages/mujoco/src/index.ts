/**
 * @prunerl/mujoco: Gymnasium 1.x's v5 MuJoCo locomotion tasks (`Hopper-v5`, `Walker2d-v5`,
 * `HalfCheetah-v5`, `Ant-v5`, `Humanoid-v5`) on `mujoco-js`, DeepMind's official WebAssembly build of
 * MuJoCo 3.3.8: the same observations, rewards, terminations, reset noise, frame skips and 1000-step
 * limits, on MJCF models written from Gymnasium's assets. A separate package so that users of the
 * discrete environments never download the 11 MB module. Load it once (`loadMujoco()`), then build
 * environments synchronously, by class or by id after `registerMujocoEnvironments()`.
 */
export { AntEnv } from './envs/ant-env';
export type { AntOptions } from './envs/ant-env';
export { FreeBodyEnv } from './envs/free-body-env';
export type { FreeBodyOptions, FreeBodySpec } from './envs/free-body-env';
export { HalfCheetahEnv } from './envs/half-cheetah-env';
export type { HalfCheetahOptions } from './envs/half-cheetah-env';
export { HopperEnv } from './envs/hopper-env';
export type { HopperOptions } from './envs/hopper-env';
export { HumanoidEnv } from './envs/humanoid-env';
export type { HumanoidOptions } from './envs/humanoid-env';
export { ENVIRONMENT_STREAM, MujocoEnv } from './envs/mujoco-env';
export type { MujocoEnvOptions, MujocoEnvSpec, MujocoState } from './envs/mujoco-env';
export { PlanarWalkerEnv } from './envs/planar-walker-env';
export type { PlanarWalkerOptions, PlanarWalkerSpec } from './envs/planar-walker-env';
export { Walker2dEnv } from './envs/walker2d-env';
export type { Walker2dOptions } from './envs/walker2d-env';
export { ANT_XML } from './models/ant-model';
export { HALF_CHEETAH_XML } from './models/half-cheetah-model';
export { HOPPER_XML } from './models/hopper-model';
export { HUMANOID_XML } from './models/humanoid-model';
export { WALKER2D_XML } from './models/walker2d-model';
export { makeMujoco, MUJOCO_ENVIRONMENTS, register, registerMujocoEnvironments } from './registry/mujoco-environments';
export { loadMujoco } from './runtime/load-mujoco';
export { MjcfError } from './runtime/mjcf-error';
export { MujocoRuntime } from './runtime/mujoco-runtime';
export type { MjDataHandle, MjModelHandle, MujocoFileSystem, MujocoHandle, MujocoModule, MjOptionView } from './runtime/mujoco-types';
