import { DynamicSparsePruner } from './dynamic-sparse-pruner';
import { DynamicSparseTrainer, LotteryTicket, RigL, SET, StaticSparse } from './deprecated-names';
import { LotteryTicketPruner } from './lottery-ticket-pruner';
import { RigLPruner } from './rigl-pruner';
import { SetPruner } from './set-pruner';
import { StaticSparsePruner } from './static-sparse-pruner';

describe('deprecated pruner names', () => {
  it('should be the renamed classes themselves, so old code builds and instanceof holds', () => {
    expect([SET, RigL, StaticSparse, LotteryTicket, DynamicSparseTrainer]).toEqual([SetPruner, RigLPruner, StaticSparsePruner, LotteryTicketPruner, DynamicSparsePruner]);
    const pruner: SET = new SET({ sparsity: 0.5 });
    expect(pruner).toBeInstanceOf(SetPruner);
    expect(pruner).toBeInstanceOf(DynamicSparseTrainer);
    pruner.dispose();
  });
});
