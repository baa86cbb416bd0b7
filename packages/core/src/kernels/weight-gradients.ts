/**
 * Which weight gradients an update computes: a contract between agents (which ask their hooks,
 * see `UpdateHook.weightGradients`) and backends (whose layer-kernel gradients read it), like a
 * kernel name. Living in core lets agents and backends agree without importing each other.
 *
 * - `dense` (the default): every entry of every weight gradient.
 * - `kept`: entries of weights that are exactly zero may be left zero. Valid when the zeros are a
 *   pruner's mask that holds through the update (every hook said so): their gradients would only
 *   move weights the mask sets back to zero, so skipping them changes no kept weight. A backend then
 *   computes a pruned layer's weight gradient at its nonzero weights only (work proportional to
 *   them) and returns exact zeros elsewhere, whichever kernel it runs, so results do not depend on
 *   whether the sparse kernels were used.
 *
 * The mode is a scope around the gradient computation (forward and backward), read by the
 * gradient functions while the tape runs; outside any scope it is `dense`.
 */
export type WeightGradients = 'dense' | 'kept';

/** Shared by every copy of this package loaded in one process (two copies must agree). */
const SCOPE = Symbol.for('@prunerl/core/weight-gradients');

type Holder = { [SCOPE]?: WeightGradients };

/** The mode of the innermost {@link withWeightGradients} scope running now (`dense` outside any). */
export function weightGradientMode(): WeightGradients {
  return (globalThis as Holder)[SCOPE] ?? 'dense';
}

/** Runs `body` with weight gradients computed as `mode` says; restores the previous mode after it, also on a throw. */
export function withWeightGradients<T>(mode: WeightGradients, body: () => T): T {
  const holder = globalThis as Holder;
  const previous = holder[SCOPE];
  holder[SCOPE] = mode;
  try {
    return body();
  } finally {
    if (previous === undefined) delete holder[SCOPE];
    else holder[SCOPE] = previous;
  }
}

/** Shared by every copy of this package loaded in one process, like the mode. */
const KEPT = Symbol.for('@prunerl/core/kept-weight-gradients');

type KeptHolder = { [KEPT]?: WeakSet<object> };

function keptSet(): WeakSet<object> {
  const holder = globalThis as KeptHolder;
  return (holder[KEPT] ??= new WeakSet());
}

/**
 * Records that `gradient` is a weight gradient computed under `kept` whose entries are exactly zero
 * wherever its weight is zero (what a backend's kept-gradient kernel returns). Keyed by the
 * tensor's data, so views of the same data (a reshape) count too, and anything computed from it
 * (a sum of two uses, a clipped copy) does not.
 */
export function markKeptWeightGradient(gradient: { readonly dataId: object }): void {
  keptSet().add(gradient.dataId);
}

/** Whether {@link markKeptWeightGradient} recorded `gradient`'s data. */
export function isKeptWeightGradient(gradient: { readonly dataId: object }): boolean {
  return keptSet().has(gradient.dataId);
}

/** The names in `gradients` whose tensor {@link markKeptWeightGradient} recorded (`UpdateContext.keptGradients`). */
export function keptGradientNames(gradients: ReadonlyMap<string, { readonly dataId: object }>): Set<string> {
  return new Set([...gradients].filter(([, gradient]) => isKeptWeightGradient(gradient)).map(([name]) => name));
}
