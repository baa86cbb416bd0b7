import 'reflect-metadata';
import { Rng, TOKENS, type Pruner, type UpdateHook } from '@prunerl/core';
import { Container } from 'inversify';
import { GradualMagnitudePruner } from '../pruners/gradual-magnitude-pruner';
import { RigLPruner } from '../pruners/rigl-pruner';
import { pruningModule } from './pruning-module';

describe('pruningModule', () => {
  it('should bind a GradualMagnitudePruner as the Pruner and add it to the UpdateHook multi-binding', async () => {
    const container = new Container();
    container.bind(TOKENS.TotalUpdates).toConstantValue(10_000);
    container.bind(TOKENS.Rng).toConstantValue(Rng.fromSeed(3));
    const other: UpdateHook = { name: 'other', afterUpdate: () => undefined };
    container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue(other);
    await container.load(pruningModule({ options: { sparsity: 0.9 } }));
    const pruner = container.get<Pruner>(TOKENS.Pruner);
    expect(pruner).toBeInstanceOf(GradualMagnitudePruner);
    expect(container.get<Pruner>(TOKENS.Pruner)).toBe(pruner);
    const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook);
    expect(hooks).toHaveLength(2);
    expect(hooks).toContain(pruner);
    expect(hooks).toContain(other);
  });

  it('should build the pruner named in its options', async () => {
    const container = new Container();
    await container.load(pruningModule({ pruner: 'rigl', options: { sparsity: 0.8, endStep: 100 } }));
    expect(container.get<Pruner>(TOKENS.Pruner)).toBeInstanceOf(RigLPruner);
  });

  it('should let a user rebind the pruner', async () => {
    const container = new Container();
    await container.load(pruningModule());
    const mine = new GradualMagnitudePruner({ startStep: 0, endStep: 10, name: 'mine' });
    (await container.rebind<Pruner>(TOKENS.Pruner)).toConstantValue(mine);
    expect(container.getAll<UpdateHook>(TOKENS.UpdateHook)).toEqual([mine]);
  });
});
