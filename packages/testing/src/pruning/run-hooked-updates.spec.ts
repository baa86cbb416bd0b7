import type { NamedGradients, UpdateContext, UpdateHook } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectNoTensorLeakSync } from '../tensor-leak';
import { runHookedUpdates } from './run-hooked-updates';
import { SimpleOptimizer } from './simple-optimizer';
import { createToyParameters, disposeParameters, mlpParameterSpecs } from './toy-parameters';

describe('runHookedUpdates', () => {
  beforeAll(async () => {
    tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
    await tf.setBackend('cpu');
  });

  it('should call the hooks in the documented order with the documented steps', () => {
    const parameters = createToyParameters(mlpParameterSpecs([3, 4, 2]), { seed: 1 });
    const calls: string[] = [];
    const hook = (name: string): UpdateHook => ({
      name,
      beforeUpdate: (c: UpdateContext) => calls.push(`${name}.before(${c.step}, ${c.trainingFraction})`),
      transformGradients: (g: NamedGradients, c: UpdateContext) => {
        calls.push(`${name}.grads(${c.step}, ${g.size})`);
        return g;
      },
      afterUpdate: (c: UpdateContext) => calls.push(`${name}.after(${c.step}, ${c.totalUpdates})`),
    });
    const result = runHookedUpdates({ parameters, hooks: [hook('a'), hook('b')], steps: 2, startStep: 3, totalUpdates: 10 });
    expect(result.step).toBe(5);
    expect(calls).toEqual([
      'a.before(3, 0.3)', 'b.before(3, 0.3)', 'a.grads(3, 4)', 'b.grads(3, 4)', 'a.after(4, 10)', 'b.after(4, 10)',
      'a.before(4, 0.4)', 'b.before(4, 0.4)', 'a.grads(4, 4)', 'b.grads(4, 4)', 'a.after(5, 10)', 'b.after(5, 10)',
    ]);
    disposeParameters(parameters);
  });

  it('should train: the default loss pulls the weights towards fixed targets', () => {
    const parameters = createToyParameters([{ name: 'w', shape: [10] }], { seed: 2 });
    let first = 0;
    let last = 0;
    const probe: UpdateHook = {
      name: 'loss-probe',
      transformGradients: (g) => {
        const norm = tf.tidy(() => tf.norm(g.get('w')!).dataSync()[0]!);
        if (first === 0) first = norm;
        last = norm;
        return g;
      },
      afterUpdate: () => undefined,
    };
    runHookedUpdates({ parameters, hooks: [probe], steps: 200, optimizer: new SimpleOptimizer({ kind: 'sgd', learningRate: 0.1 }) });
    expect(last).toBeLessThan(first * 1e-3);
    disposeParameters(parameters);
  });

  it('should report an unknown run length as undefined', () => {
    const parameters = createToyParameters([{ name: 'w', shape: [2] }]);
    let seen: UpdateContext | undefined;
    runHookedUpdates({ parameters, hooks: [{ name: 'x', afterUpdate: (c) => (seen = c) }], steps: 1, totalUpdates: null });
    expect(seen!.totalUpdates).toBeUndefined();
    expect(seen!.trainingFraction).toBeUndefined();
    expect(seen!.network.parameters()).toBe(parameters);
    disposeParameters(parameters);
  });

  it('should dispose gradients a hook replaces and skip the optimiser on an empty map, without leaks', () => {
    const parameters = createToyParameters([{ name: 'w', shape: [5] }], { seed: 3 });
    const replacer: UpdateHook = {
      name: 'replacer',
      transformGradients: (g) => new Map([['w', tf.mul(g.get('w')!, 0.5)]]),
      afterUpdate: () => undefined,
    };
    const optimizer = new SimpleOptimizer();
    runHookedUpdates({ parameters, hooks: [replacer], steps: 1, optimizer }); // creates the slots
    expectNoTensorLeakSync(() => runHookedUpdates({ parameters, hooks: [replacer], steps: 5, optimizer }));
    const before = Array.from(parameters[0]!.variable.dataSync());
    const skipper: UpdateHook = { name: 'skipper', transformGradients: () => new Map(), afterUpdate: () => undefined };
    expectNoTensorLeakSync(() => runHookedUpdates({ parameters, hooks: [skipper], steps: 3, optimizer }));
    expect(Array.from(parameters[0]!.variable.dataSync())).toEqual(before);
    optimizer.dispose();
    disposeParameters(parameters);
  });
});
