import { checkNonNegativeInteger, checkNumber } from '@prunerl/core';

/**
 * optax's `cosine_decay_schedule(initial, decaySteps)` (alpha 0): `initial * 0.5 * (1 + cos(pi *
 * min(step, decaySteps) / decaySteps))`, reaching 0 at `decaySteps` and staying there. JaxPruner
 * builds SET's and RigL's drop fraction with it, `decaySteps` being the update end step.
 */
export function cosineDecay(initial: number, decaySteps: number): (step: number) => number {
  checkNumber('cosineDecay(initial)', initial, { min: 0 });
  checkNonNegativeInteger('cosineDecay(decaySteps)', decaySteps);
  return (step: number) => {
    if (decaySteps === 0) return initial;
    const progress = Math.min(Math.max(step, 0), decaySteps) / decaySteps;
    return initial * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}
