import {
  ConfigError,
  ShapeError,
  StateError,
  type NamedGradients,
  type NamedTensorRecords,
  type Optimizer,
  type OptimizerState,
  type Parameter,
  type TensorRecord,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** The slot variables of one parameter, by slot name (`m`, `v`, `ms`, ...). */
export type SlotVariables = ReadonlyMap<string, tf.Variable>;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Shared machinery of prunerl's optimisers: named slot (moment) variables created lazily per
 * parameter, `resetSlots` for plugins that edit weights (RigL, ReDo, Reset), and `state()/restore()`
 * as {@link TensorRecord}s keyed `<parameter name>/<slot>`.
 *
 * A subclass declares its slot names and implements {@link SlotOptimizer.updateParameter}, which runs
 * inside one `tf.tidy` per `apply` call (so intermediate tensors of every parameter are freed together),
 * and {@link SlotOptimizer.stepConstants}, the per-step scalars shared by all parameters.
 */
export abstract class SlotOptimizer implements Optimizer {
  abstract readonly kind: string;
  private readonly slots = new Map<string, Map<string, tf.Variable>>();
  private readonly constants = new Map<number, tf.Scalar>();
  private count = 0;
  private disposed = false;

  protected constructor(private readonly slotNames: readonly string[]) {}

  /** Number of `apply` calls so far (the `t` of bias corrections). */
  get iterations(): number {
    return this.count;
  }

  /**
   * Updates every parameter that has a gradient, in place. Gradients must have the parameter's
   * shape (a `ShapeError` otherwise, before anything changes). The caller keeps ownership of the
   * gradient tensors.
   */
  apply(gradients: NamedGradients, parameters: readonly Parameter[]): void {
    this.assertAlive();
    const work: [Parameter, tf.Tensor][] = [];
    for (const parameter of parameters) {
      const gradient = gradients.get(parameter.name);
      if (gradient === undefined) continue;
      if (!sameShape(gradient.shape, parameter.variable.shape)) {
        throw new ShapeError({
          field: `gradients.get(${JSON.stringify(parameter.name)})`,
          value: gradient.shape,
          expected: `shape [${parameter.variable.shape.join(', ')}] of the parameter`,
        });
      }
      work.push([parameter, gradient]);
    }
    this.count += 1;
    const t = this.count;
    tf.tidy(() => {
      const step = this.stepConstants(t);
      for (const [parameter, gradient] of work) {
        this.updateParameter(parameter.variable, gradient, this.slotsOf(parameter), step);
      }
    });
  }

  /**
   * Zeroes the slots of `parameterName`: every entry, or only where `mask` is 1. Unknown names (no
   * slot created yet) are ignored, as the contract says.
   */
  resetSlots(parameterName: string, mask?: tf.Tensor): void {
    this.assertAlive();
    const slots = this.slots.get(parameterName);
    if (!slots) return;
    for (const variable of slots.values()) {
      if (mask === undefined) {
        tf.tidy(() => variable.assign(tf.zerosLike(variable)));
        continue;
      }
      if (!sameShape(mask.shape, variable.shape)) {
        throw new ShapeError({
          field: `resetSlots(${JSON.stringify(parameterName)}, mask)`,
          value: mask.shape,
          expected: `shape [${variable.shape.join(', ')}] of the parameter`,
        });
      }
      tf.tidy(() => variable.assign(tf.mul(variable, tf.sub(1, tf.cast(mask, 'float32')))));
    }
  }

  /** Step counter and a copy of every slot tensor. */
  state(): OptimizerState {
    this.assertAlive();
    const records: Record<string, TensorRecord> = {};
    for (const [name, slots] of this.slots) {
      for (const [slot, variable] of slots) {
        records[`${name}/${slot}`] = {
          shape: [...variable.shape],
          dtype: 'float32',
          values: Float32Array.from(variable.dataSync() as Float32Array),
        };
      }
    }
    return { kind: this.kind, iterations: this.count, slots: records };
  }

  /**
   * Replaces the step counter and slots. Every record must name a slot of this optimiser for one of
   * `parameters`, with that parameter's shape; otherwise a `StateError` is thrown and nothing changes.
   */
  restore(state: OptimizerState, parameters: readonly Parameter[]): void {
    this.assertAlive();
    if (state === null || typeof state !== 'object' || state.kind !== this.kind) {
      throw new StateError({ field: 'optimizer state.kind', value: state?.kind, expected: JSON.stringify(this.kind) });
    }
    if (!Number.isSafeInteger(state.iterations) || state.iterations < 0) {
      throw new StateError({ field: 'optimizer state.iterations', value: state.iterations, expected: 'an integer >= 0' });
    }
    const byName = new Map(parameters.map((p) => [p.name, p]));
    const parsed: [string, string, TensorRecord][] = [];
    for (const [key, record] of Object.entries(state.slots as NamedTensorRecords)) {
      const cut = key.lastIndexOf('/');
      const name = key.slice(0, cut);
      const slot = key.slice(cut + 1);
      const parameter = byName.get(name);
      if (cut < 0 || !parameter || !this.slotNames.includes(slot)) {
        throw new StateError({
          field: 'optimizer state.slots',
          value: key,
          expected: `"<parameter>/<slot>" with a known parameter and a slot in (${this.slotNames.join(', ')})`,
        });
      }
      const size = parameter.variable.size;
      if (!sameShape(record.shape, parameter.variable.shape) || record.values.length !== size) {
        throw new StateError({
          field: `optimizer state.slots[${JSON.stringify(key)}].shape`,
          value: record.shape,
          expected: `[${parameter.variable.shape.join(', ')}]`,
        });
      }
      parsed.push([name, slot, record]);
    }
    this.disposeSlots();
    for (const [name, slot, record] of parsed) {
      let slots = this.slots.get(name);
      if (!slots) {
        slots = new Map();
        this.slots.set(name, slots);
      }
      const initial = tf.tensor(Float32Array.from(record.values), [...record.shape], 'float32');
      slots.set(slot, tf.variable(initial, false));
      initial.dispose();
    }
    this.count = state.iterations;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposeSlots();
    for (const scalar of this.constants.values()) scalar.dispose();
    this.constants.clear();
    this.disposed = true;
  }

  /** Per-step scalars (learning rate with bias correction, ...), built inside the apply tidy. */
  protected abstract stepConstants(t: number): Record<string, tf.Scalar>;

  /** Updates one parameter from its gradient; runs inside a tidy, assigns variables in place. */
  protected abstract updateParameter(
    variable: tf.Variable,
    gradient: tf.Tensor,
    slots: SlotVariables,
    step: Record<string, tf.Scalar>,
  ): void;

  /**
   * A scalar tensor kept for the optimiser's lifetime, so hyperparameters are not turned into new
   * tensors for every parameter of every step.
   */
  protected constant(value: number): tf.Scalar {
    let scalar = this.constants.get(value);
    if (!scalar) {
      scalar = tf.keep(tf.scalar(value, 'float32'));
      this.constants.set(value, scalar);
    }
    return scalar;
  }

  private slotsOf(parameter: Parameter): SlotVariables {
    let slots = this.slots.get(parameter.name);
    if (!slots) {
      slots = new Map();
      this.slots.set(parameter.name, slots);
    }
    for (const slot of this.slotNames) {
      if (slots.has(slot)) continue;
      const initial = tf.zerosLike(parameter.variable);
      slots.set(slot, tf.variable(initial, false));
      initial.dispose();
    }
    return slots;
  }

  private disposeSlots(): void {
    for (const slots of this.slots.values()) for (const variable of slots.values()) variable.dispose();
    this.slots.clear();
  }

  private assertAlive(): void {
    if (this.disposed) {
      throw new StateError({ field: `${this.kind} optimizer`, value: 'disposed', expected: 'an optimizer that was not disposed' });
    }
  }
}

/** Throws a `ConfigError` unless `value` is a finite number > 0 (learning rates, epsilons). */
export function checkPositive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError({ field, value, expected: 'a finite number > 0' });
  }
  return value;
}
