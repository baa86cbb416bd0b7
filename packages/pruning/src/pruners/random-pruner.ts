import { gradualParts, type GradualMagnitudePrunerOptions } from './gradual-magnitude-pruner';
import { ScheduledPruner } from './scheduled-pruner';

/**
 * The natural ablation of gradual magnitude pruning: the same schedule and distribution, but the
 * weights removed at each mask update are chosen at random among those still kept (JaxPruner's
 * `RandomPruning`: fresh seeded scores each update, zeroed for pruned weights). Defaults as
 * {@link GradualMagnitudePruner} with `criterion: 'random'`, name `random`.
 */
export class RandomPruner extends ScheduledPruner {
  constructor(options: GradualMagnitudePrunerOptions = {}) {
    super(gradualParts(options, { name: 'random', criterion: 'random' }));
  }
}
