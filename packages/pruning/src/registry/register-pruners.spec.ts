import { ConfigError, pruners, Rng } from '@prunerl/core';
import { GradualMagnitudePruner } from '../pruners/gradual-magnitude-pruner';
import { LotteryTicketPruner } from '../pruners/lottery-ticket-pruner';
import { OneShotPruner } from '../pruners/one-shot-pruner';
import { RandomPruner } from '../pruners/random-pruner';
import { RigLPruner } from '../pruners/rigl-pruner';
import { SetPruner } from '../pruners/set-pruner';
import { StaticSparsePruner } from '../pruners/static-sparse-pruner';
import { registerPruners } from './register-pruners';

describe('registerPruners', () => {
  const context = { rng: Rng.fromSeed(1).split('pruning'), totalUpdates: 1000 };

  it('should register every pruner of the package by name, idempotently', () => {
    const names = registerPruners();
    expect(registerPruners()).toEqual(names);
    expect(names).toEqual(['gmp', 'one-shot', 'random', 'static-sparse', 'lottery-ticket', 'set', 'rigl']);
    for (const name of names) expect(pruners.has(name)).toBe(true);
  });

  it('should build each pruner from plain options and the factory context', () => {
    registerPruners();
    expect(pruners.get('gmp')({}, context)).toBeInstanceOf(GradualMagnitudePruner);
    expect(pruners.get('one-shot')({}, context)).toBeInstanceOf(OneShotPruner);
    expect(pruners.get('random')({ sparsity: 0.5 }, context)).toBeInstanceOf(RandomPruner);
    expect(pruners.get('static-sparse')({ distribution: 'uniform' }, context)).toBeInstanceOf(StaticSparsePruner);
    expect(pruners.get('set')({}, context)).toBeInstanceOf(SetPruner);
    expect(pruners.get('rigl')({ dropFraction: 0.1 }, context)).toBeInstanceOf(RigLPruner);
    const masks = { 'head/kernel': { shape: [2, 2], dtype: 'bool', values: Uint8Array.from([1, 0, 0, 1]) } };
    expect(pruners.get('lottery-ticket')({ masks }, context)).toBeInstanceOf(LotteryTicketPruner);
  });

  it('should reject misspelt options with a ConfigError naming them', () => {
    registerPruners();
    expect(() => pruners.get('gmp')({ sparsty: 0.9 }, context)).toThrow(ConfigError);
    expect(() => pruners.get('gmp')({ sparsty: 0.9 }, context)).toThrow(/gmp options\.sparsty/);
    expect(() => pruners.get('gmp')({ distribution: 'erdos' }, context)).toThrow(/gmp\.distribution: expected one of "erk", "uniform", "global"/);
  });
});
