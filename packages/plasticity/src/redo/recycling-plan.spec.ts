import { ConfigError, type Parameter } from '@prunerl/core';
import { createToyParameters, disposeParameters, type ToyParameterSpec } from '@prunerl/testing';
import { checkRecyclingPlan, inferRecyclingPlan } from './recycling-plan';

/** Kernel and bias specs of dense `[in, out]` or conv `[3, 3, in, out]` layers. */
function layer(name: string, shape: number[], extra: ToyParameterSpec[] = []): ToyParameterSpec[] {
  return [{ name: `${name}/kernel`, shape }, { name: `${name}/bias`, shape: [shape[shape.length - 1]!] }, ...extra];
}
const conv = (name: string, cin: number, cout: number): ToyParameterSpec[] => layer(name, [3, 3, cin, cout]);

const made: Parameter[][] = [];
function parameters(specs: ToyParameterSpec[]): Parameter[] {
  const p = createToyParameters(specs);
  made.push(p);
  return p;
}
afterAll(() => made.forEach(disposeParameters));

describe('inferRecyclingPlan', () => {
  it('should chain the hidden layers of a CNN, through the flatten, and leave the output layer', () => {
    const params = parameters([...conv('torso/conv1', 2, 4), ...conv('torso/conv2', 4, 5), ...layer('torso/dense', [2 * 2 * 5, 16]), ...layer('head/dense', [16, 3])]);
    const acts = new Map([
      ['torso/conv1', [8, 4, 4, 4]],
      ['torso/conv2', [8, 2, 2, 5]],
      ['torso/dense', [8, 16]],
    ]);
    expect(inferRecyclingPlan(params, acts)).toEqual([
      { layer: 'torso/conv1', next: ['torso/conv2'] },
      { layer: 'torso/conv2', next: ['torso/dense'] },
      { layer: 'torso/dense', next: ['head/dense'] },
    ]);
  });

  it('should recycle only the first conv of each residual block (into its second conv) and the dense layer of an Impala torso', () => {
    const stack = (i: number, cin: number, c: number): ToyParameterSpec[] => [
      ...conv(`torso/stack${i}/conv`, cin, c),
      ...conv(`torso/stack${i}/block1/conv1`, c, c),
      ...conv(`torso/stack${i}/block1/conv2`, c, c),
      ...conv(`torso/stack${i}/block2/conv1`, c, c),
      ...conv(`torso/stack${i}/block2/conv2`, c, c),
    ];
    const params = parameters([...stack(1, 2, 4), ...stack(2, 4, 8), ...layer('torso/dense', [2 * 2 * 8, 16]), ...layer('head/dense', [16, 3])]);
    // What prunerl's Impala torso records: ReLUs opening blocks under the stack conv or the previous conv2.
    const acts = new Map<string, number[]>([
      ['torso/stack1/conv', [2, 4, 4, 4]],
      ['torso/stack1/block1/conv1', [2, 4, 4, 4]],
      ['torso/stack1/block1/conv2', [2, 4, 4, 4]],
      ['torso/stack1/block2/conv1', [2, 4, 4, 4]],
      ['torso/stack2/conv', [2, 2, 2, 8]],
      ['torso/stack2/block1/conv1', [2, 2, 2, 8]],
      ['torso/stack2/block1/conv2', [2, 2, 2, 8]],
      ['torso/stack2/block2/conv1', [2, 2, 2, 8]],
      ['torso/stack2/block2/conv2', [2, 2, 2, 8]],
      ['torso/dense', [2, 16]],
    ]);
    expect(inferRecyclingPlan(params, acts)).toEqual([
      { layer: 'torso/stack1/block1/conv1', next: ['torso/stack1/block1/conv2'] },
      { layer: 'torso/stack1/block2/conv1', next: ['torso/stack1/block2/conv2'] },
      { layer: 'torso/stack2/block1/conv1', next: ['torso/stack2/block1/conv2'] },
      { layer: 'torso/stack2/block2/conv1', next: ['torso/stack2/block2/conv2'] },
      { layer: 'torso/dense', next: ['head/dense'] },
    ]);
  });

  it('should send the last hidden layer of a dueling network into both streams', () => {
    const params = parameters([...layer('torso/dense1', [5, 8]), ...layer('torso/dense2', [8, 8]), ...layer('head/advantage', [8, 3]), ...layer('head/value', [8, 1])]);
    const acts = new Map([
      ['torso/dense1', [4, 8]],
      ['torso/dense2', [4, 8]],
    ]);
    expect(inferRecyclingPlan(params, acts)).toEqual([
      { layer: 'torso/dense1', next: ['torso/dense2'] },
      { layer: 'torso/dense2', next: ['head/advantage', 'head/value'] },
    ]);
  });

  it('should leave out an IQN tau embedding and pair the torso layers across it', () => {
    // Parameter order of prunerl's IQN network: torso first, then the head's embedding and output.
    const params = parameters([...layer('torso/dense1', [5, 8]), ...layer('torso/dense2', [8, 8]), ...layer('head/quantile-embedding', [6, 8]), ...layer('head/dense', [8, 3])]);
    const acts = new Map([
      ['torso/dense1', [4, 8]],
      ['head/quantile-embedding', [4, 2, 8]],
      ['torso/dense2', [8, 8]],
    ]);
    expect(inferRecyclingPlan(params, acts)).toEqual([
      { layer: 'torso/dense1', next: ['torso/dense2'] },
      { layer: 'torso/dense2', next: ['head/dense'] },
    ]);
  });
});

describe('checkRecyclingPlan', () => {
  const params = (): Parameter[] => parameters([...conv('a', 2, 4), ...layer('b', [36, 5]), ...layer('c', [5, 2])]);

  it('should accept a plan whose outgoing layers read the outputs (a dense layer over a flatten too)', () => {
    const plan = [
      { layer: 'a', next: ['b'] },
      { layer: 'b', next: ['c'] },
    ];
    expect(checkRecyclingPlan(plan, params(), 'redo.layers')).toEqual(plan);
  });

  it('should name the entry that does not fit', () => {
    const p = params();
    expect(() => checkRecyclingPlan([{ layer: 'x', next: ['b'] }], p, 'redo.layers')).toThrow('redo.layers[0].layer: expected a layer with a dense or conv kernel (a, b, c), got "x".');
    expect(() => checkRecyclingPlan([{ layer: 'b', next: ['b'] }], p, 'redo.layers')).toThrow(/redo\.layers\[0\]\.next\[0\]: expected a layer whose input axis reads the 5 outputs of b \(its kernel reads 36\)/);
    expect(() => checkRecyclingPlan([{ layer: 'b', next: [] }], p, 'redo.layers')).toThrow(ConfigError);
    expect(() => checkRecyclingPlan([{ layer: 'b', next: ['c'] }, { layer: 'b', next: ['c'] }], p, 'redo.layers')).toThrow(/redo\.layers\[1\]\.layer: expected a layer not listed before/);
    expect(() => checkRecyclingPlan([], p, 'redo.layers')).toThrow(/non-empty array/);
  });
});
