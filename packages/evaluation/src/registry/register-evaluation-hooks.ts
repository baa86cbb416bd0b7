import { updateHooks } from '@prunerl/core';
import { DiagnosticsProbe, type DiagnosticsProbeOptions } from '../diagnostics/diagnostics-probe';

/**
 * Registers `diagnostics` (the {@link DiagnosticsProbe}) in `@prunerl/core`'s `updateHooks`
 * registry, so a config can say `hooks: [{ name: 'diagnostics', every: 1000 }]`. A probe built from
 * the registry has no sinks of its own: the runner reads its `metrics()` when it logs, or passes
 * `sinks` in the options. Idempotent unless `override` is set. Returns the registered names.
 */
export function registerEvaluationHooks(options: { readonly override?: boolean } = {}): string[] {
  if (!updateHooks.has('diagnostics') || options.override) {
    updateHooks.register('diagnostics', (hookOptions) => new DiagnosticsProbe(hookOptions as DiagnosticsProbeOptions), {
      description: 'Dormant neurons, SRank, parameter and Q-value norms, sparsity (and gradient covariance) every N updates',
      override: true,
    });
  }
  return ['diagnostics'];
}
