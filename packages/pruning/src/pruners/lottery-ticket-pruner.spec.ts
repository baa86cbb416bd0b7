import { ConfigError, type Parameter } from '@prunerl/core';
import { createToyParameters, disposeParameters, runHookedUpdates, snapshotParameters, type ToyParameterSpec } from '@prunerl/testing';
import { GradualMagnitudePruner } from './gradual-magnitude-pruner';
import { captureWeights, LotteryTicketPruner } from './lottery-ticket-pruner';

const SPECS: ToyParameterSpec[] = [
  { name: 'a/kernel', shape: [30, 20] },
  { name: 'a/bias', shape: [20] },
  { name: 'b/kernel', shape: [20, 5] },
  { name: 'b/bias', shape: [5] },
];

describe('LotteryTicketPruner', () => {
  let parameters: Parameter[] = [];
  beforeEach(() => {
    parameters = createToyParameters(SPECS, { seed: 3 });
  });
  afterEach(() => disposeParameters(parameters));

  it("should rewind to the original initial weights under a pruning run's final mask, and keep that mask", () => {
    const initial = captureWeights(parameters);
    const gmp = new GradualMagnitudePruner({ sparsity: 0.9, startStep: 0, endStep: 20, updateFrequency: 5 });
    runHookedUpdates({ parameters, hooks: [gmp], steps: 30 });
    const finalMasks = gmp.state().masks;

    const ticket = new LotteryTicketPruner({ masks: gmp.masks(), initialWeights: initial });
    gmp.dispose();
    let checkedStart = false;
    runHookedUpdates({
      parameters,
      hooks: [
        ticket,
        {
          name: 'probe',
          beforeUpdate: (context) => {
            if (context.step !== 0) return;
            // Before the first update: initial weights times the mask, biases rewound too.
            for (const p of parameters) {
              const w = p.variable.dataSync();
              const w0 = initial[p.name]!.values;
              const m = finalMasks[p.name]?.values;
              expect(Array.from(w).every((v, i) => v === (m && m[i] === 0 ? 0 : w0[i]) || (v === 0 && m?.[i] === 0))).toBe(true);
            }
            checkedStart = true;
          },
          afterUpdate: () => undefined,
        },
      ],
      steps: 20,
    });
    expect(checkedStart).toBe(true);
    for (const [name, mask] of ticket.masks()) expect(Array.from(mask.dataSync())).toEqual(Array.from(finalMasks[name]!.values));
    expect(ticket.sparsity().overall).toBeCloseTo(0.9, 2);
    ticket.dispose();
  });

  it('should not rewind again when resumed from its state', () => {
    const masks = { 'a/kernel': { shape: [30, 20], dtype: 'bool' as const, values: Uint8Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? 1 : 0)) } };
    const ticket = new LotteryTicketPruner({ masks, initialWeights: captureWeights(parameters) });
    runHookedUpdates({ parameters, hooks: [ticket], steps: 5 });
    const state = ticket.state();
    const trained = snapshotParameters(parameters);
    const resumed = new LotteryTicketPruner({ masks, initialWeights: createToyRecords() });
    resumed.restore(state);
    runHookedUpdates({ parameters, hooks: [resumed], steps: 0 });
    resumed.beforeUpdate({ step: 5, trainingFraction: undefined, totalUpdates: undefined, parameters, network: undefined as never, optimizer: undefined as never });
    expect(snapshotParameters(parameters)).toEqual(trained);
    ticket.dispose();
    resumed.dispose();
  });

  it('should refuse masks of unknown parameters or of the wrong shape', () => {
    const bad = new LotteryTicketPruner({ masks: { 'z/kernel': { shape: [2], dtype: 'bool', values: new Uint8Array(2) } } });
    expect(() => runHookedUpdates({ parameters, hooks: [bad], steps: 1 })).toThrow(ConfigError);
    const wrong = new LotteryTicketPruner({ masks: { 'a/kernel': { shape: [20, 30], dtype: 'bool', values: new Uint8Array(600) } } });
    expect(() => runHookedUpdates({ parameters, hooks: [wrong], steps: 1 })).toThrow(/lottery-ticket\.masks\.a\/kernel: expected shape \[30, 20\]/);
    expect(() => new LotteryTicketPruner({ masks: { x: { shape: [3], dtype: 'bool', values: new Uint8Array(2) } } })).toThrow(ConfigError);
  });
});

/** Records that differ from the parameters, to prove a resumed ticket ignores them. */
function createToyRecords(): Record<string, { shape: number[]; dtype: 'float32'; values: Float32Array }> {
  return Object.fromEntries(SPECS.map((s) => [s.name, { shape: [...s.shape], dtype: 'float32' as const, values: new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(7) }]));
}
