import { Rng, updateHooks } from '@prunerl/core';
import { DiagnosticsProbe } from '../diagnostics/diagnostics-probe';
import { registerEvaluationHooks } from './register-evaluation-hooks';

describe('registerEvaluationHooks', () => {
  it('should register the diagnostics probe by name, idempotently', () => {
    expect(registerEvaluationHooks()).toEqual(['diagnostics']);
    expect(registerEvaluationHooks()).toEqual(['diagnostics']);
    const hook = updateHooks.get('diagnostics')({ every: 50 }, { rng: Rng.fromSeed(1) });
    expect(hook).toBeInstanceOf(DiagnosticsProbe);
    expect(() => updateHooks.get('diagnostics')({ every: 0 }, { rng: Rng.fromSeed(1) })).toThrow(/every/);
  });
});
