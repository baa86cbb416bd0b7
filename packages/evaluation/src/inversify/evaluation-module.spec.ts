import { ConfigError, TOKENS, type MetricRecord, type MetricSink, type UpdateHook } from '@prunerl/core';
import { Container } from 'inversify';
import { DiagnosticsProbe } from '../diagnostics/diagnostics-probe';
import { evaluationModule } from './evaluation-module';

describe('evaluationModule', () => {
  it('should multi-bind a singleton diagnostics probe writing to the bound sinks', () => {
    const container = new Container();
    const records: MetricRecord[] = [];
    const sink: MetricSink = { write: (r) => records.push(r) };
    container.bind<MetricSink>(TOKENS.MetricSink).toConstantValue(sink);
    container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue({ name: 'other', afterUpdate: () => undefined });
    container.loadSync(evaluationModule({ diagnostics: { every: 10 } }));
    const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook);
    expect(hooks.map((h) => h.name)).toEqual(['other', 'diagnostics']);
    const probe = hooks[1] as DiagnosticsProbe;
    expect(probe).toBeInstanceOf(DiagnosticsProbe);
    expect(container.getAll<UpdateHook>(TOKENS.UpdateHook)[1]).toBe(probe);
  });

  it('should bind nothing without diagnostics options and fail early on bad ones', () => {
    const container = new Container();
    container.loadSync(evaluationModule());
    expect(container.isBound(TOKENS.UpdateHook)).toBe(false);
    expect(() => evaluationModule({ diagnostics: { every: -1 } })).toThrow(ConfigError);
    expect(() => evaluationModule({ probes: {} } as never)).toThrow(/evaluationModule options.probes/);
  });
});
