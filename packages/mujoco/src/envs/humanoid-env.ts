import { Box } from '@prunerl/core';
import { HUMANOID_XML } from '../models/humanoid-model';
import { FreeBodyEnv, type FreeBodyOptions } from './free-body-env';
import { numpySum } from './numpy-sum';
import { concatObservation, inside } from './observation-parts';
import { optionReader } from './option-checks';

/** Options of {@link HumanoidEnv}: the shared free-body options (defaults below) and Humanoid's own. */
export interface HumanoidOptions extends FreeBodyOptions {
  /** The contact cost is clipped to this range. Default [-Infinity, 10]. */
  readonly contactCostRange?: readonly [number, number];
  /** Default true: body inertias in the centre-of-mass frame, `cinert[1:]` (130). */
  readonly includeCinertInObservation?: boolean;
  /** Default true: body velocities in the centre-of-mass frame, `cvel[1:]` (78). */
  readonly includeCvelInObservation?: boolean;
  /** Default true: actuator forces on the joints, `qfrc_actuator[6:]` (17). */
  readonly includeQfrcActuatorInObservation?: boolean;
  /** Default true: external contact forces, `cfrc_ext[1:]` (78), unclipped. */
  readonly includeCfrcExtInObservation?: boolean;
}

/**
 * Gymnasium 1.x's `Humanoid-v5` (`gymnasium/envs/mujoco/humanoid_v5.py`) on {@link HUMANOID_XML}:
 *
 * - action: 17 torques in [-0.4, 0.4] (abdomen, hips, knees, shoulders, elbows); frame skip 5 on a
 *   3 ms model, so `dt = 0.015` s;
 * - observation (348): `qpos[2:]` (22), `qvel` (23), `cinert[1:]` (130), `cvel[1:]` (78),
 *   `qfrc_actuator[6:]` (17), `cfrc_ext[1:]` (78);
 * - reward: `forward_reward_weight * dx/dt + healthy_reward * is_healthy - ctrl_cost_weight *
 *   |ctrl|^2 - clip(contact_cost_weight * |cfrc_ext|^2, -inf, 10)` (weights 1.25, 5, 0.1, 5e-7), `x`
 *   the mass-weighted mean of the bodies' centres of mass (`xipos`); the control cost reads MuJoCo's
 *   float64 `ctrl` (the action as given, not clamped);
 * - healthy: height `qpos[2]` in (1, 2); terminated when unhealthy;
 * - reset: `qpos0` (torso at z 1.4, identity quaternion, joints 0) and zero velocities, each plus
 *   U(-0.01, 0.01);
 * - `info`: `x_position`, `y_position`, `distance_from_origin`, `x_velocity`, `y_velocity`,
 *   `reward_survive`, `reward_forward`, `reward_ctrl`, `reward_contact` (Gymnasium's tendon lengths and
 *   velocities are left out).
 */
export class HumanoidEnv extends FreeBodyEnv {
  readonly observationSpace: Box<'float32'>;
  readonly contactCostRange: readonly [number, number];
  /** Which of `cinert`, `cvel`, `qfrc_actuator`, `cfrc_ext` the observation includes. */
  readonly include: { readonly cinert: boolean; readonly cvel: boolean; readonly qfrcActuator: boolean; readonly cfrcExt: boolean };
  private readonly totalMass: number;

  constructor(options: HumanoidOptions) {
    const read = optionReader('Humanoid options', options);
    const contactCostRange = read.range('contactCostRange', [-Infinity, 10]);
    const include = {
      cinert: read.boolean('includeCinertInObservation', true),
      cvel: read.boolean('includeCvelInObservation', true),
      qfrcActuator: read.boolean('includeQfrcActuatorInObservation', true),
      cfrcExt: read.boolean('includeCfrcExtInObservation', true),
    };
    const keys = ['contactCostRange', 'includeCinertInObservation', 'includeCvelInObservation', 'includeQfrcActuatorInObservation', 'includeCfrcExtInObservation'];
    const defaults = { forwardRewardWeight: 1.25, ctrlCostWeight: 0.1, contactCostWeight: 5e-7, healthyReward: 5, healthyZRange: [1, 2] as const };
    super({ name: 'Humanoid', xml: HUMANOID_XML, frameSkip: 5, resetNoiseScale: 1e-2, velocityNoise: 'uniform', keys, ...defaults }, options);
    this.contactCostRange = contactCostRange;
    this.include = include;
    this.totalMass = numpySum(this.model.body_mass);
    this.observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [this.observe().length], dtype: 'float32' });
  }

  /** Gymnasium's `is_healthy`: the torso height inside its open range. */
  get isHealthy(): boolean {
    return inside(this.data.qpos[2]!, this.healthyZRange);
  }

  protected observe(): Float32Array {
    const { qpos, qvel, cinert, cvel, qfrc_actuator: actuatorForces, cfrc_ext: contactForces } = this.data;
    const parts: Array<[Float64Array]> = [[qpos.subarray(this.excludeCurrentPositionsFromObservation ? 2 : 0)], [qvel]];
    if (this.include.cinert) parts.push([cinert.subarray(10)]);
    if (this.include.cvel) parts.push([cvel.subarray(6)]);
    if (this.include.qfrcActuator) parts.push([actuatorForces.subarray(6)]);
    if (this.include.cfrcExt) parts.push([contactForces.subarray(6)]);
    return concatObservation(parts);
  }

  /** `ctrl_cost_weight * sum(ctrl^2)` on MuJoCo's float64 `ctrl` (the action as given). */
  protected controlCost(): number {
    return this.ctrlCostWeight * numpySum(this.data.ctrl.map((c) => c * c));
  }

  /** `clip(contact_cost_weight * sum(cfrc_ext^2), low, high)`. */
  protected contactCost(): number {
    const [minCost, maxCost] = this.contactCostRange;
    return Math.min(Math.max(this.contactCostWeight * numpySum(this.data.cfrc_ext.map((f) => f * f)), minCost), maxCost);
  }

  /** Gymnasium's `mass_center`: `sum_b mass_b * xipos_b / sum_b mass_b`, x and y. */
  protected trackedXY(): [number, number] {
    const mass = this.model.body_mass;
    const xipos = this.data.xipos;
    let x = 0;
    let y = 0;
    for (let b = 0; b < mass.length; b++) {
      x += mass[b]! * xipos[3 * b]!;
      y += mass[b]! * xipos[3 * b + 1]!;
    }
    return [x / this.totalMass, y / this.totalMass];
  }
}
