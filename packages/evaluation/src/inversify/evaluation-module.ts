import { checkKnownKeys, ConfigError, TOKENS, type MetricSink, type UpdateHook } from '@prunerl/core';
import { ContainerModule } from 'inversify';
import { DiagnosticsProbe, type DiagnosticsProbeOptions } from '../diagnostics/diagnostics-probe';

/** Options of {@link evaluationModule}. */
export interface EvaluationModuleOptions {
  /**
   * Bind a {@link DiagnosticsProbe} to the `TOKENS.UpdateHook` multi-binding with these options; it
   * writes to every `TOKENS.MetricSink` the container holds (plus `sinks` given here). Omit to bind
   * nothing.
   */
  readonly diagnostics?: DiagnosticsProbeOptions;
}

/**
 * A `ContainerModule` attaching the diagnostics probe to whatever agent the container builds (as a
 * multi-bound update hook, like a pruner). The probe is a singleton, so `container.get` and the
 * agent's hook list see the same instance.
 *
 * @example
 * ```ts
 * const container = new Container();
 * await container.load(evaluationModule({ diagnostics: { every: 1000 } }));
 * const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook); // [DiagnosticsProbe]
 * ```
 */
export function evaluationModule(options: EvaluationModuleOptions = {}): ContainerModule {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError({ field: 'evaluationModule(options)', value: options, expected: 'an options object' });
  }
  checkKnownKeys('evaluationModule options', options, ['diagnostics']);
  const diagnostics = options.diagnostics;
  if (diagnostics !== undefined) new DiagnosticsProbe(diagnostics); // fail at load, not at the first get
  return new ContainerModule((bindings) => {
    if (diagnostics === undefined) return;
    bindings
      .bind<UpdateHook>(TOKENS.UpdateHook)
      .toDynamicValue((context) => {
        const sinks = context.getAll<MetricSink>(TOKENS.MetricSink, { optional: true });
        return new DiagnosticsProbe({ ...diagnostics, sinks: [...sinks, ...(diagnostics.sinks ?? [])] });
      })
      .inSingletonScope();
  });
}
