import { Box, ConfigError } from '@prunerl/core';
import { ANT_XML } from '../models/ant-model';
import { FreeBodyEnv, type FreeBodyOptions } from './free-body-env';
import { float32ControlCost, numpySum } from './numpy-sum';
import { concatObservation } from './observation-parts';
import { optionReader } from './option-checks';

/** Options of {@link AntEnv}: the shared free-body options (defaults below) and Ant's own. */
export interface AntOptions extends FreeBodyOptions {
  /** Body id whose `xpos` gives the forward velocity. Default 1 (the torso). */
  readonly mainBody?: number;
  /** Every `cfrc_ext` entry is clipped to this range, in the observation and the contact cost. Default [-1, 1]. */
  readonly contactForceRange?: readonly [number, number];
  /** Default true: the observation ends with the 78 clipped contact forces `cfrc_ext[1:]`. */
  readonly includeCfrcExtInObservation?: boolean;
}

/**
 * Gymnasium 1.x's `Ant-v5` (`gymnasium/envs/mujoco/ant_v5.py`) on {@link ANT_XML}:
 *
 * - action: eight torques in [-1, 1] (hip and ankle of legs 4, 1, 2, 3, the XML's actuator order);
 *   frame skip 5 on a 10 ms model, so `dt = 0.05` s;
 * - observation (105): `qpos[2:]` (13: height, orientation quaternion, eight joint angles), `qvel`
 *   (14), then `clip(cfrc_ext[1:], -1, 1)` (13 bodies x 6 = 78; computed by `mj_rnePostConstraint`
 *   after each step, zero right after `reset`);
 * - reward: `dx/dt * 1 + 1 * is_healthy - 0.5 * |a|^2 - 5e-4 * |clip(cfrc_ext, -1, 1)|^2`, `dx` from
 *   the main body's `xpos` (the control cost in float32, as numpy computes it for a float32 action);
 * - healthy: `state_vector()` all finite and `0.2 <= qpos[2] <= 1` (closed, unlike the others');
 *   terminated when unhealthy;
 * - reset: `qpos0` (torso at z 0.75, identity quaternion, joints 0) plus U(-0.1, 0.1), `qvel = 0.1 *
 *   N(0, 1)`; `info` as {@link FreeBodyEnv} says.
 */
export class AntEnv extends FreeBodyEnv {
  readonly observationSpace: Box<'float32'>;
  readonly mainBody: number;
  readonly contactForceRange: readonly [number, number];
  readonly includeCfrcExtInObservation: boolean;

  constructor(options: AntOptions) {
    const read = optionReader('Ant options', options);
    const mainBody = read.number('mainBody', 1, { min: 0, integer: true });
    const contactForceRange = read.range('contactForceRange', [-1, 1]);
    const includeCfrcExt = read.boolean('includeCfrcExtInObservation', true);
    const keys = ['mainBody', 'contactForceRange', 'includeCfrcExtInObservation'];
    const defaults = { forwardRewardWeight: 1, ctrlCostWeight: 0.5, contactCostWeight: 5e-4, healthyReward: 1, healthyZRange: [0.2, 1] as const };
    super({ name: 'Ant', xml: ANT_XML, frameSkip: 5, resetNoiseScale: 0.1, velocityNoise: 'normal', keys, ...defaults }, options);
    const { nbody } = this.model;
    if (mainBody >= nbody) {
      this.close();
      throw new ConfigError({ field: 'Ant options.mainBody', value: mainBody, expected: `a body id below the model's ${nbody} bodies` });
    }
    this.mainBody = mainBody;
    this.contactForceRange = contactForceRange;
    this.includeCfrcExtInObservation = includeCfrcExt;
    const { nq, nv } = this.model;
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

  protected trackedXY(): [number, number] {
    const xpos = this.data.xpos;
    return [xpos[3 * this.mainBody]!, xpos[3 * this.mainBody + 1]!];
  }

  protected controlCost(action: Float32Array): number {
    return float32ControlCost(this.ctrlCostWeight, action);
  }

  /** `contact_cost_weight * sum(clip(cfrc_ext, low, high)^2)`, over every body including the world. */
  protected contactCost(): number {
    const [low, high] = this.contactForceRange;
    const squares = this.data.cfrc_ext.map((f) => {
      const c = Math.min(Math.max(f, low), high);
      return c * c;
    });
    return this.contactCostWeight * numpySum(squares);
  }
}
