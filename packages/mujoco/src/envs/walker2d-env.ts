import { WALKER2D_XML } from '../models/walker2d-model';
import { PlanarWalkerEnv, type PlanarWalkerOptions } from './planar-walker-env';

/** Options of {@link Walker2dEnv}. */
export type Walker2dOptions = PlanarWalkerOptions;

/**
 * Gymnasium 1.x's `Walker2d-v5` (`gymnasium/envs/mujoco/walker2d_v5.py`) on {@link WALKER2D_XML}:
 * six torques in [-1, 1] (thigh, leg, foot of the right then the left leg); observation 17
 * (`qpos[1:]`, 8, then clipped `qvel`, 9); healthy while the height `qpos[1]` is in (0.8, 2) and the
 * torso angle `qpos[2]` in (-1, 1); reset at `[0, 1.25, 0, ..., 0]` plus U(-0.005, 0.005). The rest
 * (reward, `dt`, `info`) as {@link PlanarWalkerEnv} says.
 */
export class Walker2dEnv extends PlanarWalkerEnv {
  constructor(options: Walker2dOptions) {
    super({ name: 'Walker2d', xml: WALKER2D_XML, healthyZRange: [0.8, 2], healthyAngleRange: [-1, 1] }, options);
  }
}
