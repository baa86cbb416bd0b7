import {
  agents,
  environments,
  networks,
  optimizers,
  pruners,
  replayBuffers,
  updateHooks,
  type FactoryContext,
  type Rng,
} from '@prunerl/core';
import type { PartMaker } from './compose-parts';

/** The run-wide values the registry path hands its factories. */
export interface RunContext {
  /** The run's root stream; each part takes a named stream of it. */
  readonly root: Rng;
  /** Gradient updates planned for the run, when known (pruning schedules scale with it). */
  readonly totalUpdates: number | undefined;
}

/**
 * The registry path of composition (DESIGN.md, "Composition" 3): every part built by its name in
 * `@prunerl/core`'s registries. Streams: `hooks/<i>` for the config's hooks, `pruning` for the
 * pruner and `agent` for the agent, the names the packages' container modules split too, so both
 * paths train identically.
 */
export function registryPartMaker({ root, totalUpdates }: RunContext): PartMaker {
  const context = (rng: Rng): FactoryContext => ({ rng, ...(totalUpdates !== undefined ? { totalUpdates } : {}) });
  return {
    environments: (plan) => {
      const factory = environments.get(plan.name);
      const env = factory({ ...plan.options });
      try {
        return [env, factory({ ...plan.options })];
      } catch (error) {
        env.close();
        throw error;
      }
    },
    networkFactory: (plan) => networks.get(plan.name)(plan.options),
    replay: (plan, spec) => replayBuffers.get(plan.name)(plan.options, spec),
    optimizer: (plan) => optimizers.get(plan.name)(plan.options),
    hook: (plan, index, parts) => updateHooks.get(plan.name)(plan.options, { ...context(root.split('hooks').split(index)), ...parts }),
    pruner: (plan) => pruners.get(plan.name)(plan.options, context(root.split('pruning'))),
    agent: (plan, components) => agents.get(plan.name)(components, plan.options, context(root.split('agent'))),
  };
}
