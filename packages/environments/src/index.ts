/**
 * @prunerl/environments: Gymnasium-style environments as typed arrays. Faithful float64 ports of
 * Gymnasium's classic control (CartPole-v1, Acrobot-v1, MountainCar-v0), the five MinAtar games
 * (kenjyoung/MinAtar v1.0.15), wrappers (TimeLimit, FrameStack, RecordEpisodeStatistics, ClipReward,
 * ObservationToFloat), a synchronous vector env and the id registry (`make`).
 */
export { EpisodicEnvironment } from './base/episodic-environment';
export type { EpisodePhase } from './base/episodic-environment';
export { AcrobotEnv } from './classic-control/acrobot-env';
export type { AcrobotOptions } from './classic-control/acrobot-env';
export { CartPoleEnv } from './classic-control/cart-pole-env';
export type { CartPoleOptions } from './classic-control/cart-pole-env';
export { ClassicControlEnv } from './classic-control/classic-control-env';
export type { ClassicControlOptions } from './classic-control/classic-control-env';
export { MountainCarContinuousEnv } from './classic-control/mountain-car-continuous-env';
export type { MountainCarContinuousOptions } from './classic-control/mountain-car-continuous-env';
export { MountainCarEnv } from './classic-control/mountain-car-env';
export type { MountainCarOptions } from './classic-control/mountain-car-env';
export { angleNormalize, PendulumEnv } from './classic-control/pendulum-env';
export type { PendulumOptions } from './classic-control/pendulum-env';
export { MINATAR_GAMES, MinAtarEnv } from './minatar/minatar-env';
export type { MinAtarGameName, MinAtarOptions } from './minatar/minatar-env';
export type { RandomSource } from './random/random-source';
export { ENVIRONMENT_STREAM, RngRandomSource } from './random/rng-random-source';
export { BUILTIN_ENVIRONMENTS, registerBuiltinEnvironments } from './registry/builtin-environments';
export { listEnvironments, make, makeVectorEnv, register } from './registry/make';
export type { MakeVectorEnvOptions } from './registry/make';
export { SyncVectorEnv } from './vector/sync-vector-env';
export type { AutoresetMode, VectorEnvOptions, VectorResetResult, VectorStepResult } from './vector/sync-vector-env';
export { ActionWrapper } from './wrappers/action-wrapper';
export { ClipAction } from './wrappers/clip-action';
export { ClipReward } from './wrappers/clip-reward';
export { FrameStack } from './wrappers/frame-stack';
export type { FrameStackOptions } from './wrappers/frame-stack';
export { NormalizeObservation } from './wrappers/normalize-observation';
export type { NormalizeObservationOptions, ObservationStatistics } from './wrappers/normalize-observation';
export { ObservationToFloat } from './wrappers/observation-to-float';
export { RescaleAction } from './wrappers/rescale-action';
export { RecordEpisodeStatistics } from './wrappers/record-episode-statistics';
export type { EpisodeStatistics } from './wrappers/record-episode-statistics';
export { TimeLimit } from './wrappers/time-limit';
export { Wrapper } from './wrappers/wrapper';
