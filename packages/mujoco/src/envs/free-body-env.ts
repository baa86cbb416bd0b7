import type { StepResult } from '@prunerl/core';
import { MujocoEnv, type MujocoEnvOptions, type MujocoEnvSpec } from './mujoco-env';
import { planePositionInfo } from './observation-parts';
import { optionReader } from './option-checks';

/** Options Ant and Humanoid share: Gymnasium's arguments in camelCase. */
export interface FreeBodyOptions extends MujocoEnvOptions {
  /** Weight of the tracked position's `dx/dt`. Ant 1, Humanoid 1.25. */
  readonly forwardRewardWeight?: number;
  /** Weight of the squared controls. Ant 0.5, Humanoid 0.1. */
  readonly ctrlCostWeight?: number;
  /** Weight of the squared contact forces. Ant 5e-4, Humanoid 5e-7. */
  readonly contactCostWeight?: number;
  /** Paid on every healthy step. Ant 1, Humanoid 5. */
  readonly healthyReward?: number;
  /** Default true. */
  readonly terminateWhenUnhealthy?: boolean;
  /** Bounds of the torso height `qpos[2]`: closed [0.2, 1] for Ant, open (1, 2) for Humanoid. */
  readonly healthyZRange?: readonly [number, number];
  /** Default true: the observation leaves out the torso's x and y. */
  readonly excludeCurrentPositionsFromObservation?: boolean;
}

/** A free-floating robot's defaults, besides {@link MujocoEnvSpec}'s. */
export interface FreeBodySpec extends MujocoEnvSpec {
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly contactCostWeight: number;
  readonly healthyReward: number;
  readonly healthyZRange: readonly [number, number];
}

const KEYS = ['forwardRewardWeight', 'ctrlCostWeight', 'contactCostWeight', 'healthyReward', 'terminateWhenUnhealthy', 'healthyZRange', 'excludeCurrentPositionsFromObservation'];

/**
 * The shared step of Gymnasium 1.x's `ant_v5.py` and `humanoid_v5.py`, robots on a free joint that
 * walk in the plane:
 *
 * - reward: `forward_reward_weight * dx/dt + healthy_reward * is_healthy - (ctrl_cost + contact_cost)`,
 *   `x` and `y` the tracked position (Ant: the main body's `xpos`; Humanoid: the centre of mass);
 * - terminated when unhealthy (if `terminate_when_unhealthy`);
 * - `info`: `x_position`, `y_position`, `distance_from_origin` (from `qpos[0:2]`), `x_velocity`,
 *   `y_velocity`, `reward_forward`, `reward_ctrl`, `reward_contact`, `reward_survive`.
 *
 * Subclasses say what is tracked, what healthy means and how the two costs are computed.
 */
export abstract class FreeBodyEnv extends MujocoEnv {
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly contactCostWeight: number;
  readonly healthyReward: number;
  readonly terminateWhenUnhealthy: boolean;
  readonly healthyZRange: readonly [number, number];
  readonly excludeCurrentPositionsFromObservation: boolean;

  protected constructor(spec: FreeBodySpec, options: FreeBodyOptions) {
    const read = optionReader(`${spec.name} options`, options);
    const forwardRewardWeight = read.number('forwardRewardWeight', spec.forwardRewardWeight);
    const ctrlCostWeight = read.number('ctrlCostWeight', spec.ctrlCostWeight);
    const contactCostWeight = read.number('contactCostWeight', spec.contactCostWeight);
    const healthyReward = read.number('healthyReward', spec.healthyReward);
    const terminateWhenUnhealthy = read.boolean('terminateWhenUnhealthy', true);
    const healthyZRange = read.range('healthyZRange', spec.healthyZRange);
    const excludeX = read.boolean('excludeCurrentPositionsFromObservation', true);
    super({ ...spec, keys: [...KEYS, ...spec.keys] }, options);
    this.forwardRewardWeight = forwardRewardWeight;
    this.ctrlCostWeight = ctrlCostWeight;
    this.contactCostWeight = contactCostWeight;
    this.healthyReward = healthyReward;
    this.terminateWhenUnhealthy = terminateWhenUnhealthy;
    this.healthyZRange = healthyZRange;
    this.excludeCurrentPositionsFromObservation = excludeX;
  }

  /** Gymnasium's `is_healthy` for the current state. */
  abstract get isHealthy(): boolean;

  /** The position whose change is the forward (x) and sideways (y) velocity. */
  protected abstract trackedXY(): [number, number];

  /** `ctrl_cost` of the step just simulated with `action`. */
  protected abstract controlCost(action: Float32Array): number;

  /** `contact_cost` of the current contact forces. */
  protected abstract contactCost(): number;

  protected stepModel(action: Float32Array): Omit<StepResult<Float32Array>, 'truncated'> {
    const [xBefore, yBefore] = this.trackedXY();
    this.simulate(action);
    const [xAfter, yAfter] = this.trackedXY();
    const xVelocity = (xAfter - xBefore) / this.dt;
    const yVelocity = (yAfter - yBefore) / this.dt;
    const healthy = this.isHealthy;
    const forward = this.forwardRewardWeight * xVelocity;
    const survive = healthy ? this.healthyReward : 0;
    const ctrl = this.controlCost(action);
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
}
