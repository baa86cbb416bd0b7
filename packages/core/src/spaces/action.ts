import { EnvironmentError } from '../errors/environment-error';
import type { Space } from './space';
import { isBox, isDiscrete } from './space-kinds';

/**
 * An action an environment takes: an integer of a `Discrete` space, or a `Float32Array` of a
 * float32 `Box` space (continuous control, Gymnasium's `Box` actions).
 */
export type Action = number | Float32Array;

/**
 * Refuses an action `space` cannot take, with an `EnvironmentError` naming `field` (and the element,
 * `step(action)[i]`, for a bad entry of a box action). A discrete action must be in the space. A box
 * action must be a `Float32Array` of the space's size with finite entries; entries outside
 * `[low, high]` are accepted, because Gymnasium's continuous environments clip them inside their
 * dynamics (Pendulum's `np.clip(u, -max_torque, max_torque)`), and policies with Gaussian noise
 * produce them routinely.
 */
export function checkAction(space: Space<Action>, action: unknown, field = 'step(action)'): void {
  if (isDiscrete(space)) {
    if (!space.contains(action)) {
      throw new EnvironmentError({ field, value: action, expected: `an action of ${String(space)}: an integer in [${space.start}, ${space.start + space.n})` });
    }
    return;
  }
  if (!isBox(space)) return;
  if (!(action instanceof Float32Array) || action.length !== space.size) {
    throw new EnvironmentError({ field, value: action, expected: `a Float32Array of ${space.size} values (shape [${space.shape.join(', ')}]) for ${String(space)}` });
  }
  for (let i = 0; i < action.length; i++) {
    if (!Number.isFinite(action[i])) throw new EnvironmentError({ field: `${field}[${i}]`, value: action[i], expected: 'a finite number' });
  }
}
