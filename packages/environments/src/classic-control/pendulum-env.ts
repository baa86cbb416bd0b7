import { Box, checkKnownKeys, checkNumber, type StepResult } from '@prunerl/core';
import { ClassicControlEnv, type ClassicControlOptions } from './classic-control-env';

/** Options of {@link PendulumEnv}. */
export interface PendulumOptions extends ClassicControlOptions {
  /** Gravity, Gymnasium's `g` argument. Default 10. */
  readonly g?: number;
}

// Gymnasium 1.x classic_control/pendulum.py constants.
const MAX_SPEED = 8;
const MAX_TORQUE = 2.0;
const DT = 0.05;
const M = 1.0;
const L = 1.0;
/** `reset` draws theta in [-DEFAULT_X, DEFAULT_X) and theta-dot in [-DEFAULT_Y, DEFAULT_Y). */
const DEFAULT_X = Math.PI;
const DEFAULT_Y = 1.0;

/**
 * numpy's `%` for floats (floored: the result has the divisor's sign), as `npy_divmod` computes
 * it: `fmod`, then one `+ b` when the signs differ. JavaScript's `%` is `fmod`.
 */
function floorMod(a: number, b: number): number {
  let mod = a % b;
  if (mod !== 0 && b < 0 !== mod < 0) mod += b;
  return mod;
}

/** Gymnasium's `angle_normalize(x) = ((x + pi) % (2 pi)) - pi`. */
export function angleNormalize(x: number): number {
  return floorMod(x + Math.PI, 2 * Math.PI) - Math.PI;
}

/**
 * Gymnasium's `Pendulum-v1`, ported from `pendulum.py` operation by operation. The state is
 * `[theta, thetaDot]` in float64 (theta 0 is upright); the observation is float32
 * `[cos theta, sin theta, thetaDot]`; the action is one torque, a float32 in [-2, 2] (larger values
 * are clipped, as `np.clip(u, -max_torque, max_torque)` does). One step:
 *
 * - `cost = angle_normalize(theta)^2 + 0.1 thetaDot^2 + 0.001 u^2`, reward `-cost` (from the state
 *   *before* the step);
 * - `newThetaDot = clip(thetaDot + (3 g / (2 l) sin(theta) + 3 / (m l^2) u) dt, -8, 8)`;
 * - `newTheta = theta + newThetaDot dt` (not wrapped: the observation's cos/sin carry the angle).
 *
 * There is no termination; `make('Pendulum-v1')` adds the 200-step `TimeLimit` (truncation).
 * `reset` draws theta then thetaDot uniformly in [-pi, pi) and [-1, 1) (`np_random.uniform(-high,
 * high)`; Gymnasium's `x_init`/`y_init` reset options are not supported).
 *
 * Precision as numpy >= 2 computes it (NEP 50): the float32 torque stays float32 where it meets a
 * Python float (`3.0 * u` and `0.001 * u**2` are float32 products) and widens to float64 where it
 * meets the float64 state.
 */
export class PendulumEnv extends ClassicControlEnv<Float32Array> {
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace = new Box({ low: -MAX_TORQUE, high: MAX_TORQUE, shape: [1], dtype: 'float32' });
  readonly g: number;

  constructor(options: PendulumOptions = {}) {
    checkKnownKeys('Pendulum options', options, ['random', 'id', 'g']);
    super(2, options);
    this.g = checkNumber('Pendulum options.g', options.g ?? 10.0);
    this.observationSpace = new Box({ low: [-1, -1, -MAX_SPEED], high: [1, 1, MAX_SPEED], shape: [3], dtype: 'float32' });
  }

  protected resetState(): Float32Array {
    this.state[0] = this.uniform(-DEFAULT_X, DEFAULT_X);
    this.state[1] = this.uniform(-DEFAULT_Y, DEFAULT_Y);
    return this.observation();
  }

  protected stepState(action: Float32Array): StepResult<Float32Array> {
    const th = this.state[0]!;
    const thdot = this.state[1]!;
    const u = Math.min(Math.max(action[0]!, -MAX_TORQUE), MAX_TORQUE);
    const thNorm = angleNormalize(th);
    const uSquared = Math.fround(u * u);
    const costs = thNorm * thNorm + 0.1 * (thdot * thdot) + Math.fround(Math.fround(0.001) * uSquared);
    const g = this.g;
    let newthdot = thdot + (((3 * g) / (2 * L)) * Math.sin(th) + Math.fround((3.0 / (M * L * L)) * u)) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    const newth = th + newthdot * DT;
    this.state[0] = newth;
    this.state[1] = newthdot;
    return { observation: this.observation(), reward: -costs, terminated: false, truncated: false, info: {} };
  }

  private observation(): Float32Array {
    const theta = this.state[0]!;
    return Float32Array.of(Math.cos(theta), Math.sin(theta), this.state[1]!);
  }
}
