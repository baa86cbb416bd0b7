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
  /**
   * `true` when `apply` leaves an entry unchanged (bits included, +0 stays +0) wherever its
   * gradient and every slot at that entry are exactly zero: each entry's step is a function of that
   * entry's gradient and slots alone, and zero when they are (Adam and RMSProp here; SGD, with or
   * without momentum, would be). Pruners then skip re-masking weights whose
   * `kept` gradients and cleared slots cannot have moved them. Absent: `false`.
   */
  readonly keepsZeros?: boolean;
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
