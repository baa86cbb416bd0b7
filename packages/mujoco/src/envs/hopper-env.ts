import { HOPPER_XML } from '../models/hopper-model';
import { PlanarWalkerEnv, type PlanarWalkerOptions } from './planar-walker-env';

/** Options of {@link HopperEnv}: the planar walkers' options and Hopper's state range. */
export interface HopperOptions extends PlanarWalkerOptions {
  /** Open bounds of every entry of `qpos[2:]` and of the unclipped `qvel`. Default [-100, 100]. */
  readonly healthyStateRange?: readonly [number, number];
}

/**
 * Gymnasium 1.x's `Hopper-v5` (`gymnasium/envs/mujoco/hopper_v5.py`) on {@link HOPPER_XML}: three
 * torques in [-1, 1] (thigh, leg, foot); observation 11 (`qpos[1:]`, 5, then clipped `qvel`, 6);
 * healthy while `qpos[2:]` and `qvel` stay in (-100, 100), the height `qpos[1]` in (0.7, inf) and the
 * torso angle `qpos[2]` in (-0.2, 0.2); reset at `[0, 1.25, 0, 0, 0, 0]` plus U(-0.005, 0.005). The
 * rest (reward, `dt`, `info`) as {@link PlanarWalkerEnv} says.
 *
 * @example
 * ```ts
 * const env = new HopperEnv({ mujoco: await loadMujoco() });
 * const { observation } = env.reset({ seed: 0 }); // Float32Array(11)
 * ```
 */
export class HopperEnv extends PlanarWalkerEnv {
  constructor(options: HopperOptions) {
    super({ name: 'Hopper', xml: HOPPER_XML, healthyZRange: [0.7, Infinity], healthyAngleRange: [-0.2, 0.2], healthyStateRange: [-100, 100] }, options);
  }
}
