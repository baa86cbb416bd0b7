import type { Action } from '../spaces/action';
import type { TypedArray } from '../spaces/space';

/**
 * One environment step as an agent stores it: `observation` was seen, `action` was taken, `reward`
 * and `nextObservation` came back. `terminated` means the MDP ended (no bootstrap); `truncated` means
 * the episode was cut (time limit) and value still bootstraps from `nextObservation` (Gymnasium's
 * convention, which replay buffers must keep apart). `action` is an index (`Act = number`, discrete
 * actions) or a `Float32Array` of a `Box` (continuous control).
 */
export interface Transition<Obs = TypedArray, Act extends Action = number> {
  readonly observation: Obs;
  readonly action: Act;
  readonly reward: number;
  readonly nextObservation: Obs;
  readonly terminated: boolean;
  readonly truncated: boolean;
}
