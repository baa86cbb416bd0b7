import { Box, checkBoolean, checkKnownKeys, Discrete, type StepResult } from '@prunerl/core';
import { ClassicControlEnv, type ClassicControlOptions } from './classic-control-env';

/** Options of {@link CartPoleEnv}. */
export interface CartPoleOptions extends ClassicControlOptions {
  /** Gymnasium's `sutton_barto_reward`: 0 per step and -1 on termination instead of +1 per step. Default false. */
  readonly suttonBartoReward?: boolean;
}

// Gymnasium 1.x cartpole.py constants, computed in the same order.
const GRAVITY = 9.8;
const MASSCART = 1.0;
const MASSPOLE = 0.1;
const TOTAL_MASS = MASSPOLE + MASSCART;
const LENGTH = 0.5; // half the pole's length
const POLEMASS_LENGTH = MASSPOLE * LENGTH;
const FORCE_MAG = 10.0;
const TAU = 0.02;
const THETA_THRESHOLD_RADIANS = (12 * 2 * Math.PI) / 360;
const X_THRESHOLD = 2.4;

/**
 * Gymnasium's `CartPole-v1` dynamics (Barto, Sutton and Anderson 1983), ported operation by
 * operation in float64: Euler integration with tau = 0.02, force +-10, termination when |x| > 2.4
 * or |theta| > 12 degrees, reward +1 on every step including the terminating one. The state is
 * `[x, x_dot, theta, theta_dot]`; `reset` draws each uniformly in [-0.05, 0.05) in that order.
 * Actions: 0 pushes left, 1 pushes right. `make('CartPole-v1')` adds the 500-step `TimeLimit`.
 *
 * Unlike Gymnasium, which warns and returns reward 0, stepping after termination throws.
 */
export class CartPoleEnv extends ClassicControlEnv {
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace = new Discrete(2);
  private readonly suttonBartoReward: boolean;

  constructor(options: CartPoleOptions = {}) {
    checkKnownKeys('CartPole options', options, ['random', 'id', 'suttonBartoReward']);
    super(4, options);
    this.suttonBartoReward = checkBoolean('CartPole options.suttonBartoReward', options.suttonBartoReward ?? false);
    // Gymnasium's bounds are float32 arrays; the angle bound is twice the threshold so a failing
    // observation is still inside the space.
    const high = [Math.fround(X_THRESHOLD * 2), Infinity, Math.fround(THETA_THRESHOLD_RADIANS * 2), Infinity];
    this.observationSpace = new Box({ low: high.map((h) => -h), high, shape: [4], dtype: 'float32' });
  }

  protected resetState(): Float32Array {
    const s = this.state;
    for (let i = 0; i < 4; i++) s[i] = this.uniform(-0.05, 0.05);
    return Float32Array.from(s);
  }

  protected stepState(action: number): StepResult<Float32Array> {
    const s = this.state;
    let x = s[0]!;
    let xDot = s[1]!;
    let theta = s[2]!;
    let thetaDot = s[3]!;
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const costheta = Math.cos(theta);
    const sintheta = Math.sin(theta);
    const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    const thetaacc = (GRAVITY * sintheta - costheta * temp) / (LENGTH * (4.0 / 3.0 - (MASSPOLE * (costheta * costheta)) / TOTAL_MASS));
    const xacc = temp - (POLEMASS_LENGTH * thetaacc * costheta) / TOTAL_MASS;
    x = x + TAU * xDot;
    xDot = xDot + TAU * xacc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaacc;
    s[0] = x;
    s[1] = xDot;
    s[2] = theta;
    s[3] = thetaDot;
    const terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
    const reward = this.suttonBartoReward ? (terminated ? -1.0 : 0.0) : 1.0;
    return { observation: Float32Array.from(s), reward, terminated, truncated: false, info: {} };
  }
}
