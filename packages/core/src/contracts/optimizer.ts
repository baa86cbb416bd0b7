import type { Tensor } from '@tensorflow/tfjs-core';
import type { NamedGradients, NamedTensorRecords } from './named-tensors';
import type { Parameter } from './parameter';

/** Serialisable optimiser state: step counter and every slot (moment) tensor by name. */
export interface OptimizerState {
  readonly kind: string;
  readonly iterations: number;
  /** Slot tensors, keyed `<parameter name>/<slot>` (e.g. `head/dense/kernel/m`). */
  readonly slots: NamedTensorRecords;
}

/**
 * A first-order optimiser over named parameters. Agents call `apply` once per gradient update;
 * plugins that edit weights (ReDo, Reset, RigL) call `resetSlots` so stale moments do not push the
 * edited weights back.
 */
export interface Optimizer {
  /** `adam`, `rmsprop-centered`, ... */
  readonly kind: string;
  /** Number of `apply` calls so far. */
  readonly iterations: number;
  /** Updates each parameter in place from its gradient (missing gradients leave it unchanged). */
  apply(gradients: NamedGradients, parameters: readonly Parameter[]): void;
  /**
   * Zeroes the slots of one parameter: all entries, or only where `mask` is 1 (same shape as the
   * parameter). Unknown names are ignored (the slot does not exist yet).
   */
  resetSlots(parameterName: string, mask?: Tensor): void;
  state(): OptimizerState;
  /** Throws a `StateError` (and changes nothing) when the state does not fit. */
  restore(state: OptimizerState, parameters: readonly Parameter[]): void;
  dispose(): void;
}

/** DI token of {@link Optimizer}. */
export const Optimizer = Symbol.for('@prunerl/core/Optimizer');
