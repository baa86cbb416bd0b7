import {
  checkKnownKeys,
  checkNumber,
  checkOneOf,
  ConfigError,
  StateError,
  type NamedGradients,
  type NamedTensorRecords,
  type Optimizer,
  type OptimizerState,
  type Parameter,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link SimpleOptimizer}. */
export interface SimpleOptimizerOptions {
  /** `adam` (default) or `sgd`. */
  readonly kind?: 'adam' | 'sgd';
  /** Default 1e-2. */
  readonly learningRate?: number;
  /** Adam's beta1. Default 0.9. */
  readonly beta1?: number;
  /** Adam's beta2. Default 0.999. */
  readonly beta2?: number;
  /** Adam's epsilon (outside the root, as tf.train.adam and optax). Default 1e-8. */
  readonly epsilon?: number;
}

/**
 * A small, complete implementation of core's {@link Optimizer} contract for tests and hook authors:
 * plain SGD or Adam (the update of `tf.train.adam` and optax's `adam`:
 * `w -= lr * m_hat / (sqrt(v_hat) + eps)`), with slots `m` and `v` per parameter that
 * `resetSlots` can zero (entirely or under a mask), and `state()`/`restore()`.
 * Slots are created on a parameter's first gradient. Agents use their own optimisers; this one lets
 * a hook be tested without an agent.
 */
export class SimpleOptimizer implements Optimizer {
  readonly kind: 'adam' | 'sgd';
  /** Zero gradient and slots give a zero step in both kinds. */
  readonly keepsZeros = true;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private count = 0;
  private readonly slots = new Map<string, { m: tf.Variable; v: tf.Variable }>();

  constructor(options: SimpleOptimizerOptions = {}) {
    checkKnownKeys('SimpleOptimizer options', options, ['kind', 'learningRate', 'beta1', 'beta2', 'epsilon']);
    this.kind = checkOneOf('SimpleOptimizer.kind', options.kind ?? 'adam', ['adam', 'sgd'] as const);
    this.learningRate = checkNumber('SimpleOptimizer.learningRate', options.learningRate ?? 1e-2, { min: 0, minExclusive: true });
    this.beta1 = checkNumber('SimpleOptimizer.beta1', options.beta1 ?? 0.9, { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumber('SimpleOptimizer.beta2', options.beta2 ?? 0.999, { min: 0, max: 1, maxExclusive: true });
    this.epsilon = checkNumber('SimpleOptimizer.epsilon', options.epsilon ?? 1e-8, { min: 0 });
  }

  get iterations(): number {
    return this.count;
  }

  apply(gradients: NamedGradients, parameters: readonly Parameter[]): void {
    const t = this.count + 1;
    tf.tidy(() => {
      for (const p of parameters) {
        const g = gradients.get(p.name);
        if (!g) continue;
        if (this.kind === 'sgd') {
          p.variable.assign(tf.sub(p.variable, tf.mul(g, this.learningRate)));
          continue;
        }
        const slot = this.slotOf(p);
        const m = tf.add(tf.mul(slot.m, this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(slot.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        slot.m.assign(m);
        slot.v.assign(v);
        const mHat = tf.div(m, 1 - this.beta1 ** t);
        const vHat = tf.div(v, 1 - this.beta2 ** t);
        p.variable.assign(tf.sub(p.variable, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), this.learningRate)));
      }
    });
    this.count = t;
  }

  resetSlots(parameterName: string, mask?: tf.Tensor): void {
    const slot = this.slots.get(parameterName);
    if (!slot) return;
    tf.tidy(() => {
      for (const s of [slot.m, slot.v]) s.assign(mask ? tf.mul(s, tf.sub(1, tf.cast(mask, 'float32'))) : tf.zerosLike(s));
    });
  }

  /** The slot tensor `m` or `v` of a parameter (owned by the optimiser), for tests. */
  slot(parameterName: string, which: 'm' | 'v'): tf.Tensor | undefined {
    return this.slots.get(parameterName)?.[which];
  }

  state(): OptimizerState {
    const slots: NamedTensorRecords = {};
    for (const [name, { m, v }] of this.slots) {
      slots[`${name}/m`] = { shape: [...m.shape], dtype: 'float32', values: Float32Array.from(m.dataSync() as Float32Array) };
      slots[`${name}/v`] = { shape: [...v.shape], dtype: 'float32', values: Float32Array.from(v.dataSync() as Float32Array) };
    }
    return { kind: this.kind, iterations: this.count, slots };
  }

  restore(state: OptimizerState, parameters: readonly Parameter[]): void {
    if (state === null || typeof state !== 'object' || state.kind !== this.kind || !Number.isSafeInteger(state.iterations) || typeof state.slots !== 'object') {
      throw new StateError({ field: 'SimpleOptimizer.restore(state)', value: state, expected: `the state of a "${this.kind}" SimpleOptimizer` });
    }
    const byName = new Map(parameters.map((p) => [p.name, p]));
    const restored = new Map<string, { m: Float32Array; v: Float32Array }>();
    for (const [key, record] of Object.entries(state.slots)) {
      const cut = key.lastIndexOf('/');
      const name = key.slice(0, cut);
      const which = key.slice(cut + 1);
      const p = byName.get(name);
      const size = p?.variable.size ?? -1;
      if (!p || (which !== 'm' && which !== 'v') || record.values.length !== size) {
        throw new StateError({ field: `SimpleOptimizer.restore(state).slots.${key}`, value: record.shape, expected: 'a slot of a given parameter, with its size' });
      }
      const entry = restored.get(name) ?? { m: new Float32Array(size), v: new Float32Array(size) };
      entry[which] = Float32Array.from(record.values);
      restored.set(name, entry);
    }
    this.dispose();
    for (const [name, { m, v }] of restored) {
      const shape = byName.get(name)!.variable.shape;
      this.slots.set(
        name,
        tf.tidy(() => ({ m: tf.variable(tf.tensor(m, shape), false), v: tf.variable(tf.tensor(v, shape), false) })),
      );
    }
    this.count = state.iterations;
  }

  dispose(): void {
    for (const { m, v } of this.slots.values()) {
      m.dispose();
      v.dispose();
    }
    this.slots.clear();
  }

  private slotOf(p: Parameter): { m: tf.Variable; v: tf.Variable } {
    let slot = this.slots.get(p.name);
    if (!slot) {
      if (p.variable.dtype !== 'float32') {
        throw new ConfigError({ field: `SimpleOptimizer parameter ${p.name}`, value: p.variable.dtype, expected: 'a float32 variable' });
      }
      // Created outside the caller's tidy scope on purpose: slots live as long as the optimiser.
      slot = tf.tidy(() => ({ m: tf.variable(tf.zeros(p.variable.shape), false), v: tf.variable(tf.zeros(p.variable.shape), false) }));
      this.slots.set(p.name, slot);
    }
    return slot;
  }
}
