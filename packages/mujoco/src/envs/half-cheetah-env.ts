import { Box, type StepResult } from '@prunerl/core';
import { HALF_CHEETAH_XML } from '../models/half-cheetah-model';
import { MujocoEnv, type MujocoEnvOptions } from './mujoco-env';
import { float32ControlCost } from './numpy-sum';
import { concatObservation } from './observation-parts';
import { optionReader } from './option-checks';

/** Options of {@link HalfCheetahEnv}: Gymnasium's `HalfCheetah-v5` arguments in camelCase. */
export interface HalfCheetahOptions extends MujocoEnvOptions {
  /** Weight of `dx/dt`. Default 1. */
  readonly forwardRewardWeight?: number;
  /** Weight of `|action|^2`. Default 0.1. */
  readonly ctrlCostWeight?: number;
  /** Default true: the observation leaves out `rootx`. */
  readonly excludeCurrentPositionsFromObservation?: boolean;
}

/**
 * Gymnasium 1.x's `HalfCheetah-v5` (`gymnasium/envs/mujoco/half_cheetah_v5.py`) on
 * {@link HALF_CHEETAH_XML}:
 *
 * - action: six torques in [-1, 1] (back thigh, shin, foot, front thigh, shin, foot); frame skip 5
 *   on a 10 ms model, so `dt = 0.05` s;
 * - observation (17): `qpos[1:]` (8) then `qvel` (9), unclipped;
 * - reward: `forward_reward_weight * dx/dt - ctrl_cost_weight * |a|^2` (weights 1 and 0.1), `dx`
 *   the change of `rootx`; no healthy reward and never terminated: episodes end only by the
 *   1000-step truncation;
 * - reset: `qpos = U(-0.1, 0.1)` per joint, `qvel = 0.1 * N(0, 1)` per joint;
 * - `info`: `x_position`, `x_velocity`, `reward_forward`, `reward_ctrl`.
 */
export class HalfCheetahEnv extends MujocoEnv {
  readonly observationSpace: Box<'float32'>;
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly excludeCurrentPositionsFromObservation: boolean;

  constructor(options: HalfCheetahOptions) {
    const read = optionReader('HalfCheetah options', options);
    const forwardRewardWeight = read.number('forwardRewardWeight', 1);
    const ctrlCostWeight = read.number('ctrlCostWeight', 0.1);
    const excludeX = read.boolean('excludeCurrentPositionsFromObservation', true);
    const keys = ['forwardRewardWeight', 'ctrlCostWeight', 'excludeCurrentPositionsFromObservation'];
    super({ name: 'HalfCheetah', xml: HALF_CHEETAH_XML, frameSkip: 5, resetNoiseScale: 0.1, velocityNoise: 'normal', keys }, options);
    this.forwardRewardWeight = forwardRewardWeight;
    this.ctrlCostWeight = ctrlCostWeight;
    this.excludeCurrentPositionsFromObservation = excludeX;
    const size = this.model.nq + this.model.nv - (this.excludeCurrentPositionsFromObservation ? 1 : 0);
    this.observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [size], dtype: 'float32' });
  }

  protected observe(): Float32Array {
    return concatObservation([[this.data.qpos.subarray(this.excludeCurrentPositionsFromObservation ? 1 : 0)], [this.data.qvel]]);
  }

  protected stepModel(action: Float32Array): Omit<StepResult<Float32Array>, 'truncated'> {
    const xBefore = this.data.qpos[0]!;
    this.simulate(action);
    const xVelocity = (this.data.qpos[0]! - xBefore) / this.dt;
    const forward = this.forwardRewardWeight * xVelocity;
    const ctrl = float32ControlCost(this.ctrlCostWeight, action);
    return {
      observation: this.observe(),
      reward: forward - ctrl,
      terminated: false,
      info: { ...this.positionInfo(), x_velocity: xVelocity, reward_forward: forward, reward_ctrl: -ctrl },
    };
  }

  protected positionInfo(): Record<string, number> {
    return { x_position: this.data.qpos[0]! };
  }
}
