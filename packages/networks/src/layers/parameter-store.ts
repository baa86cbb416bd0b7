import type { Parameter, ParameterRole, Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Creates a network's variables and records them as {@link Parameter}s in creation (forward) order.
 *
 * Parameter names are the network's own stable names (`torso/conv1/kernel`); the tfjs variable names
 * add a prefix (the spec's `scope`, made unique), because tfjs refuses two variables of one name and
 * an agent holds at least two networks (online and target) of the same structure.
 */
export class ParameterStore {
  private readonly items: Parameter[] = [];
  private readonly prefix: string;

  constructor(
    scope: string,
    private readonly initRng: Rng,
  ) {
    this.prefix = uniquePrefix(scope);
  }

  /** The initialisation stream of one layer: adding or resizing a layer never shifts another's draws. */
  rngFor(layer: string): Rng {
    return this.initRng.split(layer.replace(/\//g, '.'));
  }

  /** Creates a trainable float32 variable from `values` and records it. */
  add(layer: string, role: ParameterRole, suffix: string, shape: readonly number[], values: Float32Array): tf.Variable {
    const name = `${layer}/${suffix}`;
    const variable = tf.tidy(() => tf.variable(tf.tensor(values, [...shape], 'float32'), true, `${this.prefix}/${name}`));
    this.items.push(Object.freeze({ name, variable, role, layer }));
    return variable;
  }

  /** Every parameter, in creation order. */
  parameters(): readonly Parameter[] {
    return this.items;
  }
}

/** `scope`, or `scope_<n>` for the smallest n whose names no registered tfjs variable uses. */
function uniquePrefix(scope: string): string {
  const taken = Object.keys(tf.engine().registeredVariables);
  const used = (prefix: string): boolean => taken.some((name) => name.startsWith(`${prefix}/`));
  if (!used(scope)) return scope;
  let n = 1;
  while (used(`${scope}_${n}`)) n++;
  return `${scope}_${n}`;
}
