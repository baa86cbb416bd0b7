import { Box, checkKnownKeys, Discrete, type StepResult } from '@prunerl/core';
import { ClassicControlEnv, type ClassicControlOptions } from './classic-control-env';

/** Options of {@link AcrobotEnv}. */
export type AcrobotOptions = ClassicControlOptions;

// Gymnasium 1.x acrobot.py constants.
const DT = 0.2;
const LINK_LENGTH_1 = 1.0;
const LINK_MASS_1 = 1.0;
const LINK_MASS_2 = 1.0;
const LINK_COM_POS_1 = 0.5;
const LINK_COM_POS_2 = 0.5;
const LINK_MOI = 1.0;
const MAX_VEL_1 = 4 * Math.PI;
const MAX_VEL_2 = 9 * Math.PI;
const AVAIL_TORQUE = [-1.0, 0.0, 1.0] as const;
const G = 9.8;

/**
 * Gymnasium's `Acrobot-v1` ("book" dynamics of Sutton and Barto), ported operation by operation in
 * float64: one RK4 step of dt = 0.2 with the torque held constant, angles wrapped to [-pi, pi],
 * velocities clipped to 4 pi and 9 pi, termination when `-cos(t1) - cos(t2 + t1) > 1`, reward -1
 * per step and 0 on the terminating step. The state is `[theta1, theta2, dtheta1, dtheta2]`;
 * `reset` draws each uniformly in [-0.1, 0.1) and rounds it to float32, as Gymnasium does.
 * Observation `[cos t1, sin t1, cos t2, sin t2, dt1, dt2]`; actions 0, 1, 2 apply torque -1, 0, +1.
 * `make('Acrobot-v1')` adds the 500-step `TimeLimit`.
 */
export class AcrobotEnv extends ClassicControlEnv {
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace = new Discrete(3);
  // RK4 scratch: y0 and the four slopes (4 state components; the torque's slope is 0).
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);
  private readonly y = new Float64Array(4);

  constructor(options: AcrobotOptions = {}) {
    checkKnownKeys('Acrobot options', options, ['random', 'id']);
    super(4, options);
    const high = [1, 1, 1, 1, Math.fround(MAX_VEL_1), Math.fround(MAX_VEL_2)];
    this.observationSpace = new Box({ low: high.map((h) => -h), high, shape: [6], dtype: 'float32' });
  }

  protected resetState(): Float32Array {
    for (let i = 0; i < 4; i++) this.state[i] = Math.fround(this.uniform(-0.1, 0.1));
    return this.observe();
  }

  protected stepState(action: number): StepResult<Float32Array> {
    const torque = AVAIL_TORQUE[action]!;
    const s = this.state;
    const { k1, k2, k3, k4, y } = this;
    // gymnasium.envs.classic_control.acrobot.rk4 over t = [0, dt].
    const dt2 = DT / 2.0;
    dsdt(s, torque, k1);
    for (let i = 0; i < 4; i++) y[i] = s[i]! + dt2 * k1[i]!;
    dsdt(y, torque, k2);
    for (let i = 0; i < 4; i++) y[i] = s[i]! + dt2 * k2[i]!;
    dsdt(y, torque, k3);
    for (let i = 0; i < 4; i++) y[i] = s[i]! + DT * k3[i]!;
    dsdt(y, torque, k4);
    const h = DT / 6.0;
    for (let i = 0; i < 4; i++) s[i] = s[i]! + h * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    s[0] = wrap(s[0]!, -Math.PI, Math.PI);
    s[1] = wrap(s[1]!, -Math.PI, Math.PI);
    s[2] = Math.min(Math.max(s[2]!, -MAX_VEL_1), MAX_VEL_1);
    s[3] = Math.min(Math.max(s[3]!, -MAX_VEL_2), MAX_VEL_2);
    const terminated = -Math.cos(s[0]!) - Math.cos(s[1]! + s[0]!) > 1.0;
    return { observation: this.observe(), reward: terminated ? 0.0 : -1.0, terminated, truncated: false, info: {} };
  }

  private observe(): Float32Array {
    const s = this.state;
    return Float32Array.of(Math.cos(s[0]!), Math.sin(s[0]!), Math.cos(s[1]!), Math.sin(s[1]!), s[2]!, s[3]!);
  }
}

/** `AcrobotEnv._dsdt` ("book" branch), writing the four state derivatives into `out`. */
function dsdt(s: Float64Array, a: number, out: Float64Array): void {
  const m1 = LINK_MASS_1;
  const m2 = LINK_MASS_2;
  const l1 = LINK_LENGTH_1;
  const lc1 = LINK_COM_POS_1;
  const lc2 = LINK_COM_POS_2;
  const I1 = LINK_MOI;
  const I2 = LINK_MOI;
  const theta1 = s[0]!;
  const theta2 = s[1]!;
  const dtheta1 = s[2]!;
  const dtheta2 = s[3]!;
  const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2)) + I1 + I2;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + I2;
  const phi2 = m2 * lc2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 =
    -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2) -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
    (m1 * lc1 + m2 * l1) * G * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const ddtheta2 =
    (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[0] = dtheta1;
  out[1] = dtheta2;
  out[2] = ddtheta1;
  out[3] = ddtheta2;
}

/** Gymnasium's `wrap`: shifts `x` by whole periods into [m, M]. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}
