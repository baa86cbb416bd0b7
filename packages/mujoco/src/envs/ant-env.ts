import { Box, checkNonNegativeInteger, ConfigError, type StepResult } from '@prunerl/core';
import { ANT_XML } from '../models/ant-model';
import { MujocoEnv, type MujocoEnvOptions } from './mujoco-env';
import { float32ControlCost, numpySum } from './numpy-sum';
import { concatObservation, planePositionInfo } from './observation-parts';
import { booleanOption, checkRange, numberOption } from './option-checks';

/** Options of {@link AntEnv}: Gymnasium's `Ant-v5` arguments in camelCase. */
export interface AntOptions extends MujocoEnvOptions {
  /** Weight of the main body's `dx/dt`. Default 1. */
  readonly forwardRewardWeight?: number;
  /** Weight of `|action|^2`. Default 0.5. */
  readonly ctrlCostWeight?: number;
  /** Weight of the squared clipped contact forces. Default 5e-4. */
  readonly contactCostWeight?: number;
  /** Paid on every healthy step. Default 1. */
  readonly healthyReward?: number;
  /** Body id whose `xpos` gives the forward velocity. Default 1 (the torso). */
  readonly mainBody?: number;
  /** Default true. */
  readonly terminateWhenUnhealthy?: boolean;
  /** Closed bounds of the torso height `qpos[2]`. Default [0.2, 1]. */
  readonly healthyZRange?: readonly [number, number];
  /** Every `cfrc_ext` entry is clipped to this range, in the observation and the contact cost. Default [-1, 1]. */
  readonly contactForceRange?: readonly [number, number];
  /** Default true: the observation leaves out the torso's x and y. */
  readonly excludeCurrentPositionsFromObservation?: boolean;
  /** Default true: the observation ends with the 78 clipped contact forces `cfrc_ext[1:]`. */
  readonly includeCfrcExtInObservation?: boolean;
}

const KEYS = [
  'forwardRewardWeight',
  'ctrlCostWeight',
  'contactCostWeight',
  'healthyReward',
  'mainBody',
  'terminateWhenUnhealthy',
  'healthyZRange',
  'contactForceRange',
  'excludeCurrentPositionsFromObservation',
  'includeCfrcExtInObservation',
];

/**
 * Gymnasium 1.x's `Ant-v5` (`gymnasium/envs/mujoco/ant_v5.py`) on {@link ANT_XML}:
 *
 * - action: eight torques in [-1, 1] (hip and ankle of legs 4, 1, 2, 3, the XML's actuator order);
 *   frame skip 5 on a 10 ms model, so `dt = 0.05` s;
 * - observation (105): `qpos[2:]` (13: height, orientation quaternion, eight joint angles), `qvel`
 *   (14), then `clip(cfrc_ext[1:], -1, 1)` (13 bodies x 6 = 78; computed by `mj_rnePostConstraint`
 *   after each step, zero right after `reset`);
 * - reward: `dx/dt * forward_reward_weight + healthy_reward * is_healthy - ctrl_cost_weight * |a|^2
 *   - contact_cost_weight * |clip(cfrc_ext, -1, 1)|^2`, `dx` from the main body's `xpos`;
 * - healthy: `state_vector()` all finite and `0.2 <= qpos[2] <= 1` (closed, unlike the walkers');
 *   terminated when unhealthy;
 * - reset: `qpos0` (torso at z 0.75, identity quaternion, joints 0) plus U(-0.1, 0.1), `qvel = 0.1 *
 *   N(0, 1)`;
 * - `info`: `x_position`, `y_position`, `distance_from_origin`, `x_velocity`, `y_velocity`,
 *   `reward_forward`, `reward_ctrl`, `reward_contact`, `reward_survive`.
 */
export class AntEnv extends MujocoEnv {
  readonly observationSpace: Box<'float32'>;
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly contactCostWeight: number;
  readonly healthyReward: number;
  readonly mainBody: number;
  readonly terminateWhenUnhealthy: boolean;
  readonly healthyZRange: readonly [number, number];
  readonly contactForceRange: readonly [number, number];
  readonly excludeCurrentPositionsFromObservation: boolean;
  readonly includeCfrcExtInObservation: boolean;

  constructor(options: AntOptions) {
    super({ name: 'Ant', xml: ANT_XML, frameSkip: 5, resetNoiseScale: 0.1, velocityNoise: 'normal', keys: KEYS }, options);
    const field = (key: string): string => `Ant options.${key}`;
    this.forwardRewardWeight = numberOption(field('forwardRewardWeight'), options.forwardRewardWeight, 1);
    this.ctrlCostWeight = numberOption(field('ctrlCostWeight'), options.ctrlCostWeight, 0.5);
    this.contactCostWeight = numberOption(field('contactCostWeight'), options.contactCostWeight, 5e-4);
    this.healthyReward = numberOption(field('healthyReward'), options.healthyReward, 1);
    this.mainBody = checkNonNegativeInteger(field('mainBody'), options.mainBody ?? 1);
    if (this.mainBody >= this.model.nbody) {
      throw new ConfigError({ field: field('mainBody'), value: this.mainBody, expected: `a body id below the model's ${this.model.nbody} bodies` });
    }
    this.terminateWhenUnhealthy = booleanOption(field('terminateWhenUnhealthy'), options.terminateWhenUnhealthy, true);
    this.healthyZRange = checkRange(field('healthyZRange'), options.healthyZRange, [0.2, 1]);
    this.contactForceRange = checkRange(field('contactForceRange'), options.contactForceRange, [-1, 1]);
    this.excludeCurrentPositionsFromObservation = booleanOption(
      field('excludeCurrentPositionsFromObservation'),
      options.excludeCurrentPositionsFromObservation,
      true,
    );
    this.includeCfrcExtInObservation = booleanOption(field('includeCfrcExtInObservation'), options.includeCfrcExtInObservation, true);
    const { nq, nv, nbody } = this.model;
    const size = nq + nv - (this.excludeCurrentPositionsFromObservation ? 2 : 0) + (this.includeCfrcExtInObservation ? (nbody - 1) * 6 : 0);
    this.observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [size], dtype: 'float32' });
  }

  /** Gymnasium's `is_healthy`: a finite state and the height inside the closed range. */
  get isHealthy(): boolean {
    const state = this.stateVector();
    const [minZ, maxZ] = this.healthyZRange;
    return state.every((v) => Number.isFinite(v)) && minZ <= state[2]! && state[2]! <= maxZ;
  }

  protected observe(): Float32Array {
    const { qpos, qvel, cfrc_ext: forces } = this.data;
    const position = qpos.subarray(this.excludeCurrentPositionsFromObservation ? 2 : 0);
    return concatObservation(this.includeCfrcExtInObservation ? [[position], [qvel], [forces.subarray(6), this.contactForceRange]] : [[position], [qvel]]);
  }

  protected stepModel(action: Float32Array): Omit<StepResult<Float32Array>, 'truncated'> {
    const [xBefore, yBefore] = this.mainBodyXY();
    this.simulate(action);
    const [xAfter, yAfter] = this.mainBodyXY();
    const xVelocity = (xAfter - xBefore) / this.dt;
    const yVelocity = (yAfter - yBefore) / this.dt;
    const healthy = this.isHealthy;
    const forward = xVelocity * this.forwardRewardWeight;
    const survive = healthy ? this.healthyReward : 0;
    const ctrl = float32ControlCost(this.ctrlCostWeight, action);
    const contact = this.contactCost();
    return {
      observation: this.observe(),
      reward: forward + survive - (ctrl + contact),
      terminated: !healthy && this.terminateWhenUnhealthy,
      info: {
        ...this.positionInfo(),
        x_velocity: xVelocity,
        y_velocity: yVelocity,
        reward_forward: forward,
        reward_ctrl: -ctrl,
        reward_contact: -contact,
        reward_survive: survive,
      },
    };
  }

  protected positionInfo(): Record<string, number> {
    return planePositionInfo(this.data.qpos);
  }

  /** `contact_cost_weight * sum(clip(cfrc_ext, low, high)^2)`, over every body including the world. */
  private contactCost(): number {
    const [low, high] = this.contactForceRange;
    const squares = this.data.cfrc_ext.map((f) => {
      const c = Math.min(Math.max(f, low), high);
      return c * c;
    });
    return this.contactCostWeight * numpySum(squares);
  }

  private mainBodyXY(): [number, number] {
    const xpos = this.data.xpos;
    return [xpos[3 * this.mainBody]!, xpos[3 * this.mainBody + 1]!];
  }
}
