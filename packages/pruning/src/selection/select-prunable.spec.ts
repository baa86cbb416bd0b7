import { ConfigError } from '@prunerl/core';
import type { Parameter } from '@prunerl/core';
import { createToyParameters, disposeParameters } from '@prunerl/testing';
import { compileNamePattern } from './name-pattern';
import { selectPrunable } from './select-prunable';

describe('selectPrunable', () => {
  let parameters: Parameter[] = [];
  beforeAll(() => {
    parameters = createToyParameters([
    { name: 'torso/conv1/kernel', shape: [3, 3, 4, 8] },
    { name: 'torso/conv1/bias', shape: [8] },
    { name: 'torso/dense/kernel', shape: [16, 8] },
    { name: 'torso/dense/bias', shape: [8] },
    { name: 'torso/norm/scale', shape: [8], role: 'norm-scale' },
    { name: 'head/noisy/sigma_kernel', shape: [8, 3], role: 'noise-sigma-kernel' },
    { name: 'head/dense/kernel', shape: [8, 3] },
    { name: 'head/dense/bias', shape: [3] },
    ]);
  });
  afterAll(() => disposeParameters(parameters));
  const names = (selection: Parameters<typeof selectPrunable>[1]): string[] => selectPrunable(parameters, selection).map((p) => p.name);

  it('should select every parameter with more than one dimension by default, output layer included', () => {
    expect(names({})).toEqual(['torso/conv1/kernel', 'torso/dense/kernel', 'head/noisy/sigma_kernel', 'head/dense/kernel']);
  });

  it('should select by role', () => {
    expect(names({ roles: ['kernel'] })).toEqual(['torso/conv1/kernel', 'torso/dense/kernel', 'head/dense/kernel']);
    expect(names({ roles: ['kernel', 'bias'] })).toHaveLength(6);
  });

  it('should narrow with include globs and drop with exclude globs', () => {
    expect(names({ include: ['torso/**'] })).toEqual(['torso/conv1/kernel', 'torso/dense/kernel']);
    expect(names({ exclude: ['head/**'] })).toEqual(['torso/conv1/kernel', 'torso/dense/kernel']);
    expect(names({ exclude: ['*/*/sigma_kernel'] })).toEqual(['torso/conv1/kernel', 'torso/dense/kernel', 'head/dense/kernel']);
    expect(names({ include: [/conv/] })).toEqual(['torso/conv1/kernel']);
  });

  it('should throw a ConfigError for a pattern or role that matches nothing', () => {
    expect(() => names({ exclude: ['heads/**'] })).toThrow(ConfigError);
    expect(() => names({ exclude: ['heads/**'] })).toThrow(/prunable\.exclude\[0\]: expected a pattern matching a parameter name/);
    expect(() => names({ roles: ['kernal'] })).toThrow(/prunable\.roles: expected a role some parameter has/);
    expect(() => names({ inclde: ['x'] } as never)).toThrow(/prunable\.inclde/);
  });

  it('should throw a ConfigError when nothing is left to prune', () => {
    expect(() => names({ include: ['torso/conv1/bias'] })).toThrow(/a selection leaving at least one parameter to prune/);
  });
});

describe('compileNamePattern', () => {
  it('should match whole names, * within a segment and ** across segments', () => {
    expect(compileNamePattern('a/*/c', 'p').test('a/b/c')).toBe(true);
    expect(compileNamePattern('a/*/c', 'p').test('a/b/x/c')).toBe(false);
    expect(compileNamePattern('a/**', 'p').test('a/b/x/c')).toBe(true);
    expect(compileNamePattern('a.b', 'p').test('axb')).toBe(false);
    expect(compileNamePattern('k?', 'p').test('k1')).toBe(true);
  });
});
