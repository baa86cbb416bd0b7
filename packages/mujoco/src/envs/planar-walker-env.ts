import { Box, type StepResult } from '@prunerl/core';
import { MujocoEnv, type MujocoEnvOptions } from './mujoco-env';
import { float32ControlCost } from './numpy-sum';
import { concatObservation, inside } from './observation-parts';
import { optionReader } from './option-checks';

/** Options of the planar walkers (`Hopper-v5`, `Walker2d-v5`): Gymnasium's arguments in camelCase. */
export interface PlanarWalkerOptions extends MujocoEnvOptions {
  /** Weight of `dx/dt`. Default 1. */
  readonly forwardRewardWeight?: number;
  /** Weight of `|action|^2`. Default 1e-3. */
  readonly ctrlCostWeight?: number;
  /** Paid on every healthy step. Default 1. */
  readonly healthyReward?: number;
  /** Default true. */
  readonly terminateWhenUnhealthy?: boolean;
  /** Open bounds of the torso height `qpos[1]`. Hopper [0.7, Infinity], Walker2d [0.8, 2]. */
  readonly healthyZRange?: readonly [number, number];
  /** Open bounds of the torso angle `qpos[2]`. Hopper [-0.2, 0.2], Walker2d [-1, 1]. */
  readonly healthyAngleRange?: readonly [number, number];
  /** Default true: the observation leaves out `rootx`. */
  readonly excludeCurrentPositionsFromObservation?: boolean;
}

/** What distinguishes one planar walker from the other. */
export interface PlanarWalkerSpec {
  readonly name: string;
  readonly xml: string;
  readonly healthyZRange: readonly [number, number];
  readonly healthyAngleRange: readonly [number, number];
  /** Hopper's `healthy_state_range` default; absent for Walker2d, which has no such check. */
  readonly healthyStateRange?: readonly [number, number];
}

const KEYS = ['forwardRewardWeight', 'ctrlCostWeight', 'healthyReward', 'terminateWhenUnhealthy', 'healthyZRange', 'healthyAngleRange', 'excludeCurrentPositionsFromObservation'];
/** Gymnasium clips the planar walkers' observed velocities (`np.clip(qvel, -10, 10)`). */
const VELOCITY_CLIP = [-10, 10] as const;

/**
 * The shared body of Gymnasium 1.x's `hopper_v5.py` and `walker2d_v5.py`, which differ only in
 * their model, their health ranges and Hopper's extra state check:
 *
 * - frame skip 4 on a 2 ms model, so `dt = 0.008` s; reset noise U(-0.005, 0.005) on qpos and qvel;
 * - observation: `qpos[1:]` (height, torso angle, joint angles) then `clip(qvel, -10, 10)`;
 * - reward: `forward_reward_weight * dx/dt + healthy_reward * is_healthy - ctrl_cost_weight * |a|^2`
 *   with `dx` the change of `rootx` over the step (v5 pays the healthy reward only when healthy);
 * - healthy: height `qpos[1]` and angle `qpos[2]` inside their open ranges (and, for Hopper, every
 *   entry of `state_vector()[2:]` inside its range); terminated when unhealthy;
 * - `info`: `x_position`, `z_distance_from_origin`, `x_velocity`, `reward_forward`, `reward_ctrl`,
 *   `reward_survive`.
 */
export abstract class PlanarWalkerEnv extends MujocoEnv {
  readonly observationSpace: Box<'float32'>;
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly healthyReward: number;
  readonly terminateWhenUnhealthy: boolean;
  readonly healthyZRange: readonly [number, number];
  readonly healthyAngleRange: readonly [number, number];
  /** Bounds of every entry of `qpos[2:]` and `qvel` (Hopper only). */
  readonly healthyStateRange: readonly [number, number] | undefined;
  readonly excludeCurrentPositionsFromObservation: boolean;

  protected constructor(spec: PlanarWalkerSpec, options: PlanarWalkerOptions & { readonly healthyStateRange?: readonly [number, number] }) {
    const read = optionReader(`${spec.name} options`, options);
    const forwardRewardWeight = read.number('forwardRewardWeight', 1);
    const ctrlCostWeight = read.number('ctrlCostWeight', 1e-3);
    const healthyReward = read.number('healthyReward', 1);
    const terminateWhenUnhealthy = read.boolean('terminateWhenUnhealthy', true);
    const healthyZRange = read.range('healthyZRange', spec.healthyZRange);
    const healthyAngleRange = read.range('healthyAngleRange', spec.healthyAngleRange);
    const healthyStateRange = spec.healthyStateRange && read.range('healthyStateRange', spec.healthyStateRange);
    const excludeX = read.boolean('excludeCurrentPositionsFromObservation', true);
    const keys = spec.healthyStateRange ? [...KEYS, 'healthyStateRange'] : KEYS;
    super({ name: spec.name, xml: spec.xml, frameSkip: 4, resetNoiseScale: 5e-3, velocityNoise: 'uniform', keys }, options);
    this.forwardRewardWeight = forwardRewardWeight;
    this.ctrlCostWeight = ctrlCostWeight;
    this.healthyReward = healthyReward;
    this.terminateWhenUnhealthy = terminateWhenUnhealthy;
    this.healthyZRange = healthyZRange;
    this.healthyAngleRange = healthyAngleRange;
    this.healthyStateRange = healthyStateRange;
    this.excludeCurrentPositionsFromObservation = excludeX;
    const size = this.model.nq + this.model.nv - (this.excludeCurrentPositionsFromObservation ? 1 : 0);
    this.observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [size], dtype: 'float32' });
  }

  /** Gymnasium's `is_healthy` for the current state. */
  get isHealthy(): boolean {
    const qpos = this.data.qpos;
    const range = this.healthyStateRange;
    const stateOk = !range || this.stateVector().subarray(2).every((v) => inside(v, range));
    return stateOk && inside(qpos[1]!, this.healthyZRange) && inside(qpos[2]!, this.healthyAngleRange);
  }

  protected observe(): Float32Array {
    const { qpos, qvel } = this.data;
    return concatObservation([[qpos.subarray(this.excludeCurrentPositionsFromObservation ? 1 : 0)], [qvel, VELOCITY_CLIP]]);
  }

  protected stepModel(action: Float32Array): Omit<StepResult<Float32Array>, 'truncated'> {
    const xBefore = this.data.qpos[0]!;
    this.simulate(action);
    const xVelocity = (this.data.qpos[0]! - xBefore) / this.dt;
    const healthy = this.isHealthy;
    const forward = this.forwardRewardWeight * xVelocity;
    const survive = healthy ? this.healthyReward : 0;
    const ctrl = float32ControlCost(this.ctrlCostWeight, action);
    return {
      observation: this.observe(),
      reward: forward + survive - ctrl,
      terminated: !healthy && this.terminateWhenUnhealthy,
      info: { ...this.positionInfo(), x_velocity: xVelocity, reward_forward: forward, reward_ctrl: -ctrl, reward_survive: survive },
    };
  }

  protected positionInfo(): Record<string, number> {
    return { x_position: this.data.qpos[0]!, z_distance_from_origin: this.data.qpos[1]! - this.initQpos[1]! };
  }
}
