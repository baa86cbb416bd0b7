import { checkNonNegativeInteger, checkPositiveInteger, keptGradientNames, markKeptWeightGradient, Rng, type NamedGradients, type Optimizer, type Parameter, type UpdateContext, type UpdateHook } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ParameterNetwork } from './parameter-network';
import { SimpleOptimizer } from './simple-optimizer';

/** Options of {@link runHookedUpdates}. */
export interface HookedUpdatesOptions {
  /** The parameters the updates train (the "online network"). */
  readonly parameters: readonly Parameter[];
  /** Hooks, called in this order, as an agent would. */
  readonly hooks: readonly UpdateHook[];
  /** How many gradient updates to run. */
  readonly steps: number;
  /** Default: a fresh `SimpleOptimizer` (Adam, lr 1e-2), disposed at the end. A given one is not disposed. */
  readonly optimizer?: Optimizer;
  /** `UpdateContext.step` of the first update (to continue a run). Default 0. */
  readonly startStep?: number;
  /** What the context reports as the run's total; `null` for an agent that does not know it. Default `startStep + steps`. */
  readonly totalUpdates?: number | null;
  /**
   * The loss to differentiate (through `tf.variableGrads`, which needs tfjs gradients registered).
   * Default: `0.5 * sum((w - c)^2)` over all parameters, with seeded targets c ~ N(0, 1), whose
   * gradient `w - c` is computed directly.
   */
  readonly loss?: (parameters: readonly Parameter[]) => tf.Scalar;
  /** Seed of the default loss's targets. Default 0. */
  readonly seed?: number;
  /** Called after every update, once all hooks' `afterUpdate` ran (e.g. to probe weights). */
  readonly onUpdate?: (context: UpdateContext) => void;
  /**
   * Act as an agent on a backend with kept-gradient kernels: when every hook answers `kept` for an
   * update (`UpdateHook.weightGradients`), each gradient is zeroed at its zero weights and marked
   * (core's `markKeptWeightGradient`), and `afterUpdate`'s context lists the parameters whose
   * marked gradient reached the optimiser (`keptGradients`). Default false.
   */
  readonly keptGradients?: boolean;
}

/** What {@link runHookedUpdates} returns. */
export interface HookedUpdatesResult {
  /** `UpdateContext.step` after the last update (= startStep + steps). */
  readonly step: number;
}

/**
 * A fake training loop that plays an agent's role for hook authors: for each of `steps` gradient
 * updates it calls, in the order `UpdateHook` documents,
 *
 * 1. every hook's `beforeUpdate({ step })` (step = updates done so far),
 * 2. computes the gradients of the loss at the current parameters,
 * 3. every hook's `transformGradients` in turn (disposing the tensors a hook replaced),
 * 4. `optimizer.apply` (an empty gradient map updates nothing),
 * 5. every hook's `afterUpdate({ step: step + 1 })`.
 *
 * The context carries the parameters, a {@link ParameterNetwork} over them, the optimiser and
 * `totalUpdates`/`trainingFraction`. Every temporary tensor is disposed.
 *
 * @example
 * ```ts
 * const parameters = createToyParameters(mlpParameterSpecs([8, 32, 4]), { seed: 1 });
 * runHookedUpdates({ parameters, hooks: [pruner], steps: 100 });
 * ```
 */
export function runHookedUpdates(options: HookedUpdatesOptions): HookedUpdatesResult {
  const steps = checkNonNegativeInteger('runHookedUpdates.steps', options.steps);
  const startStep = checkNonNegativeInteger('runHookedUpdates.startStep', options.startStep ?? 0);
  const totalUpdates = options.totalUpdates === null ? undefined : checkPositiveInteger('runHookedUpdates.totalUpdates', options.totalUpdates ?? Math.max(1, startStep + steps));
  const { parameters, hooks } = options;
  const optimizer = options.optimizer ?? new SimpleOptimizer();
  const network = new ParameterNetwork(parameters);
  const targets = options.loss ? [] : defaultTargets(parameters, options.seed ?? 0);
  const contextAt = (step: number, keptGradients?: ReadonlySet<string>): UpdateContext => ({
    step,
    trainingFraction: totalUpdates === undefined ? undefined : step / totalUpdates,
    totalUpdates,
    parameters,
    network,
    optimizer,
    ...(keptGradients === undefined ? {} : { keptGradients }),
  });
  try {
    for (let step = startStep; step < startStep + steps; step++) {
      const before = contextAt(step);
      const kept = options.keptGradients === true && hooks.length > 0 && hooks.every((hook) => hook.weightGradients?.(before) === 'kept');
      for (const hook of hooks) hook.beforeUpdate?.(before);
      let gradients = computeGradients(parameters, targets, options.loss);
      if (kept) gradients = keptOnly(gradients, parameters);
      let keptNames: Set<string> | undefined;
      try {
        for (const hook of hooks) {
          if (!hook.transformGradients) continue;
          const next = hook.transformGradients(gradients, before);
          const kept = new Set(next.values());
          for (const g of gradients.values()) if (!kept.has(g)) g.dispose();
          gradients = next;
        }
        if (options.keptGradients === true) keptNames = keptGradientNames(gradients);
        optimizer.apply(gradients, parameters);
      } finally {
        tf.dispose([...gradients.values()]);
      }
      const after = contextAt(step + 1, keptNames);
      for (const hook of hooks) hook.afterUpdate(after);
      options.onUpdate?.(after);
    }
  } finally {
    tf.dispose(targets);
    if (!options.optimizer) optimizer.dispose();
  }
  return { step: startStep + steps };
}

function defaultTargets(parameters: readonly Parameter[], seed: number): tf.Tensor[] {
  const rng = Rng.fromSeed(seed).split('harness-targets');
  return parameters.map((p) => tf.tensor(rng.fillNormal(new Float32Array(p.variable.size)), p.variable.shape, 'float32'));
}

function computeGradients(parameters: readonly Parameter[], targets: readonly tf.Tensor[], loss: HookedUpdatesOptions['loss']): NamedGradients {
  if (loss) {
    const { value, grads } = tf.variableGrads(() => loss(parameters), parameters.map((p) => p.variable));
    value.dispose();
    const byVariable = new Map(parameters.map((p) => [p.variable.name, p.name]));
    return new Map(Object.entries(grads).map(([variableName, g]) => [byVariable.get(variableName)!, g]));
  }
  const grads = tf.tidy(() => parameters.map((p, i) => tf.sub(p.variable, targets[i]!)));
  return new Map(parameters.map((p, i) => [p.name, grads[i]!]));
}

/** `gradients` with the entries of zero weights set to +0, marked as kept weight gradients (the inputs are disposed). */
function keptOnly(gradients: NamedGradients, parameters: readonly Parameter[]): NamedGradients {
  const kept: NamedGradients = new Map();
  for (const p of parameters) {
    const g = gradients.get(p.name);
    if (!g) continue;
    const masked = tf.tidy(() => tf.where(tf.notEqual(p.variable, 0), g, tf.zerosLike(g)));
    g.dispose();
    markKeptWeightGradient(masked);
    kept.set(p.name, masked);
  }
  return kept;
}
