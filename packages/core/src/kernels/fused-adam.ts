/**
 * The fused Adam kernel: a contract between backends and optimisers, like a tfjs kernel name.
 * A backend package may register a kernel of this name (inputs `{ x, g, m, v }`: parameter,
 * gradient, first and second moments, one shape, float32; attrs {@link FusedAdamAttrs}; outputs
 * `[x', m', v']`); an optimiser checks `tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend())` and runs
 * one kernel per parameter instead of a dozen elementwise ones, or falls back to the op-by-op form.
 * Both must give the same bits. Living in core lets optimisers (in @prunerl/agents) use it without
 * importing @prunerl/backend.
 */
export const FUSED_ADAM_KERNEL = 'PrunerlFusedAdam';

/**
 * The float32 constants of one fused Adam step at iteration `t`: `beta1`, `beta2`,
 * `oneMinusBeta1 = 1 - beta1` and `oneMinusBeta2` (computed in double, then rounded),
 * `stepSize = lr sqrt(1 - beta2^t) / (1 - beta1^t)` and `epsilon = eps sqrt(1 - beta2^t)`.
 */
export interface FusedAdamAttrs {
  readonly beta1: number;
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  readonly stepSize: number;
  readonly epsilon: number;
}
