import { Box, checkKnownKeys, Discrete, type StepResult } from '@prunerl/core';
import { ClassicControlEnv, type ClassicControlOptions } from './classic-control-env';

/** Options of {@link MountainCarEnv}. */
export type MountainCarOptions = ClassicControlOptions;

// Gymnasium 1.x mountain_car.py constants.
const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.5;
const GOAL_VELOCITY = 0;
const FORCE = 0.001;
const GRAVITY = 0.0025;

/**
 * Gymnasium's `MountainCar-v0` (Moore 1990), ported operation by operation in float64: the velocity
 * takes `(action - 1) * 0.001 - 0.0025 cos(3 x)` and is clipped to 0.07 before the position update;
 * the position is clipped to [-1.2, 0.6] and the velocity zeroed only at the left wall when moving
 * left; termination at position >= 0.5 with velocity >= 0; reward -1 per step. The state is
 * `[position, velocity]`; `reset` draws the position uniformly in [-0.6, -0.4) with velocity 0.
 * Actions: 0 accelerates left, 1 does nothing, 2 accelerates right. `make('MountainCar-v0')` adds
 * the 200-step `TimeLimit`.
 */
export class MountainCarEnv extends ClassicControlEnv {
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace = new Discrete(3);

  constructor(options: MountainCarOptions = {}) {
    checkKnownKeys('MountainCar options', options, ['random', 'id']);
    super(2, options);
    this.observationSpace = new Box({
      low: [Math.fround(MIN_POSITION), Math.fround(-MAX_SPEED)],
      high: [Math.fround(MAX_POSITION), Math.fround(MAX_SPEED)],
      shape: [2],
      dtype: 'float32',
    });
  }

  protected resetState(): Float32Array {
    this.state[0] = this.uniform(-0.6, -0.4);
    this.state[1] = 0;
    return Float32Array.from(this.state);
  }

  protected stepState(action: number): StepResult<Float32Array> {
    let position = this.state[0]!;
    let velocity = this.state[1]!;
    velocity += (action - 1) * FORCE + Math.cos(3 * position) * -GRAVITY;
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    position += velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    this.state[0] = position;
    this.state[1] = velocity;
    const terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    return { observation: Float32Array.from(this.state), reward: -1.0, terminated, truncated: false, info: {} };
  }
}
