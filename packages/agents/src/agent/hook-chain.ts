import type { NamedGradients, UpdateContext, UpdateHook } from '@prunerl/core';

/**
 * Passes `gradients` through every hook's `transformGradients`, in order (`UpdateHook`'s step 2),
 * disposing each replaced gradient, and returns what the last hook gave back (the caller owns it).
 */
export function transformGradientsThroughHooks(hooks: readonly UpdateHook[], gradients: NamedGradients, context: UpdateContext): NamedGradients {
  let current = gradients;
  for (const hook of hooks) {
    if (!hook.transformGradients) continue;
    const next = hook.transformGradients(current, context);
    const kept = new Set(next.values());
    for (const gradient of current.values()) if (!kept.has(gradient)) gradient.dispose();
    current = next;
  }
  return current;
}

/** Every hook's `metrics()` into `out`, as `<hook>/<name>` (the `Agent.metrics` convention). */
export function addHookMetrics(hooks: readonly UpdateHook[], out: Record<string, number>): Record<string, number> {
  for (const hook of hooks) {
    for (const [name, value] of Object.entries(hook.metrics?.() ?? {})) out[`${hook.name}/${name}`] = value;
  }
  return out;
}
