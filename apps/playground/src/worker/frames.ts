import type { Action, Environment, TypedArray } from '@prunerl/core';
import { MinAtarEnv } from '@prunerl/environments';
import type { Frame } from '../protocol';

/**
 * What the page draws of an environment now: MinAtar's grid in its reference colours (its
 * `renderRgb`, the colours of the reference GUI's `rgb_array`), or CartPole's cart position and
 * pole angle read from the observation `[x, x', theta, theta']`.
 */
export function frameOf(env: Environment<TypedArray, Action>, observation: TypedArray): Frame {
  const inner = env.unwrapped;
  if (inner instanceof MinAtarEnv) return { kind: 'grid', width: 10, height: 10, rgb: inner.renderRgb() };
  return { kind: 'cartpole', x: observation[0] ?? 0, theta: observation[2] ?? 0 };
}
