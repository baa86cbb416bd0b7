import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Optimizer, OptimizerState } from '../contracts/optimizer';
import type { Parameter } from '../contracts/parameter';
import { ConfigError } from '../errors/config-error';
import { ShapeError } from '../errors/shape-error';
import { resetOptimizerSlots } from './reset-optimizer-slots';

// Core runs no tensor work, so its tests use stand-ins: only `shape` is read from a mask or a
// variable. The real optimisers are exercised through this function by pruning and plasticity.
const fakeTensor = (shape: number[]): Tensor => ({ shape }) as unknown as Tensor;
const parameter = (name: string, shape: number[]): Parameter => ({ name, role: 'kernel', layer: name.split('/')[0]!, variable: { shape } as unknown as Variable });

class RecordingOptimizer implements Optimizer {
  readonly kind = 'recording';
  readonly iterations = 0;
  readonly calls: { name: string; mask: Tensor | undefined }[] = [];
  apply(): void {}
  resetSlots(parameterName: string, mask?: Tensor): void {
    this.calls.push({ name: parameterName, mask });
  }
  state(): OptimizerState {
    return { kind: this.kind, iterations: 0, slots: {} };
  }
  restore(): void {}
  dispose(): void {}
}

describe('resetOptimizerSlots', () => {
  const parameters = [parameter('a/kernel', [3, 4]), parameter('a/bias', [4]), parameter('b/kernel', [4, 2])];

  it('should reset every entry in order, with its mask or entirely, and count them', () => {
    const optimizer = new RecordingOptimizer();
    const mask = fakeTensor([3, 4]);
    const applied = resetOptimizerSlots(optimizer, [{ parameter: 'a/kernel', mask }, { parameter: 'a/bias' }, { parameter: 'b/kernel' }], { parameters });
    expect(applied).toBe(3);
    expect(optimizer.calls).toEqual([
      { name: 'a/kernel', mask },
      { name: 'a/bias', mask: undefined },
      { name: 'b/kernel', mask: undefined },
    ]);
  });

  it('should accept any iterable, and any name when no parameters are given', () => {
    const optimizer = new RecordingOptimizer();
    function* resets(): Generator<{ parameter: string }> {
      yield { parameter: 'not/yet/created' };
    }
    expect(resetOptimizerSlots(optimizer, resets())).toBe(1);
    expect(optimizer.calls.map((c) => c.name)).toEqual(['not/yet/created']);
  });

  it('should refuse an unknown parameter name before resetting anything', () => {
    const optimizer = new RecordingOptimizer();
    const call = (): number => resetOptimizerSlots(optimizer, [{ parameter: 'a/kernel' }, { parameter: 'a/kernal' }], { parameters, owner: 'redo' });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(/^redo\(resets\[1\]\)\.parameter: expected the name of a parameter of the network \(a\/kernel, a\/bias, b\/kernel\), got "a\/kernal"\./);
    expect(optimizer.calls).toEqual([]);
  });

  it('should refuse a mask of another shape than its parameter, changing nothing', () => {
    const optimizer = new RecordingOptimizer();
    const call = (): number => resetOptimizerSlots(optimizer, [{ parameter: 'a/bias' }, { parameter: 'a/kernel', mask: fakeTensor([4, 3]) }], { parameters });
    expect(call).toThrow(ShapeError);
    expect(call).toThrow("resetOptimizerSlots(resets[1]).mask: expected a mask of the parameter's shape [3, 4], got [4, 3].");
    expect(optimizer.calls).toEqual([]);
  });

  it('should refuse entries and masks that are not what they should be', () => {
    const optimizer = new RecordingOptimizer();
    expect(() => resetOptimizerSlots(optimizer, [{ name: 'a/kernel' } as never])).toThrow(/resets\[0\]\): expected an object \{ parameter: string, mask\?: Tensor \}/);
    expect(() => resetOptimizerSlots(optimizer, [{ parameter: 'a/kernel', mask: [1, 0] as never }])).toThrow(/resets\[0\]\)\.mask: expected a tensor/);
    expect(() => resetOptimizerSlots({} as Optimizer, [])).toThrow(/resetOptimizerSlots\(optimizer\): expected an Optimizer with a resetSlots/);
    expect(optimizer.calls).toEqual([]);
  });
});
