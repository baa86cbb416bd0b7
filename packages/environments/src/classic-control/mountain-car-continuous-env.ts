import { Box, checkKnownKeys, checkNumber, type StepResult } from '@prunerl/core';
import { ClassicControlEnv, type ClassicControlOptions } from './classic-control-env';

/** Options of {@link MountainCarContinuousEnv}. */
export interface MountainCarContinuousOptions extends ClassicControlOptions {
  /** Minimum velocity at the goal to terminate, Gymnasium's `goal_velocity`. Default 0. */
  readonly goalVelocity?: number;
}

// Gymnasium 1.x classic_control/continuous_mountain_car.py constants.
const MIN_ACTION = -1.0;
const MAX_ACTION = 1.0;
const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const POWER = 0.0015;
const GRAVITY = 0.0025;
const f32 = Math.fround;

/**
 * Gymnasium's `MountainCarContinuous-v0`, ported from `continuous_mountain_car.py` operation by
 * operation. The state is `[position, velocity]`; the action is one force in [-1, 1]. One step:
 *
 * - `force = min(max(action[0], -1), 1)`;
 * - `velocity += force * 0.0015 - 0.0025 cos(3 position)`, then clipped to [-0.07, 0.07];
 * - `position += velocity`, clipped to [-1.2, 0.6]; the velocity is zeroed at the left wall when
 *   moving left;
 * - terminated when `position >= 0.45 and velocity >= goal_velocity`;
 * - `reward = (100 if terminated else 0) - 0.1 action[0]^2` (the *unclipped* action's square).
 *
 * No truncation here; `make('MountainCarContinuous-v0')` adds the 999-step `TimeLimit`. `reset`
 * draws the position uniformly in [-0.6, -0.4) with velocity 0.
 *
 * Precision as Gymnasium computes it under numpy >= 2 (NEP 50): `reset` leaves a float64 state, each
 * step stores `np.array([position, velocity], dtype=np.float32)`, so from the second step of an
 * episode on, position and velocity are float32 scalars and every operation with a Python float
 * (bounds, the goal, `3 * position`) happens in float32; the cosine and the action cost are float64
 * (`math.cos`, `math.pow`). A force clipped to +-1 becomes the Python float `-1.0`/`1.0`, so
 * `force * power - gravity term` is then a float64 expression.
 */
export class MountainCarContinuousEnv extends ClassicControlEnv<Float32Array> {
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace = new Box({ low: MIN_ACTION, high: MAX_ACTION, shape: [1], dtype: 'float32' });
  readonly goalVelocity: number;
  /** Whether the state holds float32 values (after a step) or float64 ones (right after `reset`). */
  private float32State = false;

  constructor(options: MountainCarContinuousOptions = {}) {
    checkKnownKeys('MountainCarContinuous options', options, ['random', 'id', 'goalVelocity']);
    super(2, options);
    this.goalVelocity = checkNumber('MountainCarContinuous options.goalVelocity', options.goalVelocity ?? 0);
    this.observationSpace = new Box({ low: [MIN_POSITION, -MAX_SPEED], high: [MAX_POSITION, MAX_SPEED], shape: [2], dtype: 'float32' });
  }

  override setState(state: ArrayLike<number>): void {
    super.setState(state);
    this.float32State = false;
  }

  protected resetState(): Float32Array {
    this.state[0] = this.uniform(-0.6, -0.4);
    this.state[1] = 0;
    this.float32State = false;
    return Float32Array.from(this.state);
  }

  protected stepState(action: Float32Array): StepResult<Float32Array> {
    const a = action[0]!;
    const single = this.float32State;
    // Whether position / velocity are numpy float32 scalars now (else float64 or Python floats):
    // a float32 scalar meets a Python float in float32, so the constant is rounded to float32.
    let positionSingle = single;
    let velocitySingle = single;
    const bound = (isSingle: boolean, c: number): number => (isSingle ? f32(c) : c);
    let position = this.state[0]!;
    let velocity = this.state[1]!;
    const clipped = a < MIN_ACTION || a > MAX_ACTION;
    const force = Math.min(Math.max(a, MIN_ACTION), MAX_ACTION);
    const gravityTerm = GRAVITY * Math.cos(single ? f32(3 * position) : 3 * position);
    // A float32 force: `force * power` and `- gravityTerm` in float32. A clipped force is the Python
    // float -1.0 or 1.0, and the whole expression a Python float.
    const dv = clipped ? force * POWER - gravityTerm : f32(f32(force * f32(POWER)) - f32(gravityTerm));
    velocity = single ? f32(velocity + f32(dv)) : velocity + dv;
    if (velocity > bound(velocitySingle, MAX_SPEED)) [velocity, velocitySingle] = [MAX_SPEED, false];
    if (velocity < bound(velocitySingle, -MAX_SPEED)) [velocity, velocitySingle] = [-MAX_SPEED, false];
    position = positionSingle ? f32(position + f32(velocity)) : position + velocity;
    if (position > bound(positionSingle, MAX_POSITION)) [position, positionSingle] = [MAX_POSITION, false];
    if (position < bound(positionSingle, MIN_POSITION)) [position, positionSingle] = [MIN_POSITION, false];
    if (position === bound(positionSingle, MIN_POSITION) && velocity < 0) [velocity, velocitySingle] = [0, false];
    const terminated = position >= bound(positionSingle, GOAL_POSITION) && velocity >= bound(velocitySingle, this.goalVelocity);
    let reward = 0;
    if (terminated) reward = 100.0;
    reward -= a * a * 0.1;
    this.state[0] = f32(position);
    this.state[1] = f32(velocity);
    this.float32State = true;
    return { observation: Float32Array.from(this.state), reward, terminated, truncated: false, info: {} };
  }
}
