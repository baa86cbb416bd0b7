import {
  agents,
  checkKnownKeys,
  checkPositiveInteger,
  checkShape,
  ConfigError,
  Rng,
  isBox,
  isDiscrete,
  TOKENS,
  type Action,
  type Agent,
  type Augmentation,
  type NetworkFactory,
  type Optimizer,
  type ReplayBuffer,
  type Space,
  type UpdateHook,
} from '@prunerl/core';
import { ContainerModule } from 'inversify';
import { createOptimizer, type OptimizerConfig } from '../optimizers/create-optimizer';
import { registerAgents } from '../registry/register-agents';

/** Options of {@link agentsModule}. */
export interface AgentsModuleOptions {
  /**
   * Registry name of the agent to bind (`dqn`, `rainbow`, `iqn`, `m-iqn`, `der`, `drq-eps`, or one a
   * plugin registered).
   */
  readonly agent: string;
  /**
   * The number of discrete actions (for a `Box` action space: the values in one action). Default:
   * read off `actionSpace`; one of the two is required.
   */
  readonly numActions?: number;
  readonly observationShape: readonly number[];
  /**
   * The environment's action space: required by agents of continuous actions (SAC squashes onto its
   * bounds); a value agent given a `Box`, or SAC a `Discrete`, is refused when the agent is built.
   */
  readonly actionSpace?: Space<Action>;
  /**
   * The agent's options (hyperparameters, `totalSteps`, `seed`). Merged over a plain object bound to
   * `TOKENS.AgentOptions`, if any.
   */
  readonly options?: Record<string, unknown>;
  /** When given, `TOKENS.Optimizer` is bound to this optimiser (unless something already binds it). */
  readonly optimizer?: OptimizerConfig;
}

const KNOWN = ['agent', 'numActions', 'observationShape', 'actionSpace', 'options', 'optimizer'] as const;

/** `options.numActions`, or what `options.actionSpace` says (a Discrete space's `n`, a Box's size). */
function numActionsOf(options: AgentsModuleOptions): number {
  const space = options.actionSpace;
  if (options.numActions === undefined && space !== undefined && (isDiscrete(space) || isBox(space))) return isDiscrete(space) ? space.n : space.size;
  return checkPositiveInteger('agentsModule.numActions', options.numActions);
}

/**
 * A `ContainerModule` that binds `TOKENS.Agent` (singleton) to the registry agent `options.agent`,
 * built from what the container holds: `TOKENS.NetworkFactory`, `TOKENS.ReplayBuffer`,
 * `TOKENS.Optimizer`, every `TOKENS.UpdateHook` (multi-bound, optional: pruners attach here),
 * `TOKENS.Rng` (optional; the agent takes its `agent` stream), `TOKENS.AgentOptions` (optional) and
 * `TOKENS.Augmentation` (optional: when bound, it is the agent's `augmentation` unless the options
 * name one).
 * Registers this package's agents and optimisers first.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.bind(TOKENS.TotalUpdates).toConstantValue(10_000); // the pruning schedule's length
 * await container.load(
 *   networksModule({ network: 'mlp', options: { head: 'q', hiddenSizes: [64, 64] } }),
 *   replayModule({ buffer: 'uniform', options: { capacity: 50_000 }, observationShape: [4], observationDtype: 'float32' }),
 *   pruningModule({ pruner: 'gmp', options: { sparsity: 0.9 } }),
 *   agentsModule({ agent: 'dqn', numActions: 2, observationShape: [4], optimizer: { kind: 'adam', learningRate: 1e-3 } }),
 * );
 * const agent = container.get<Agent>(TOKENS.Agent); // a DQNAgent whose one hook is the pruner
 * ```
 */
export function agentsModule(options: AgentsModuleOptions): ContainerModule {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError({ field: 'agentsModule(options)', value: options, expected: 'an options object' });
  }
  checkKnownKeys('agentsModule options', options, KNOWN);
  registerAgents();
  const factory = agents.get(options.agent);
  const numActions = numActionsOf(options);
  const actionSpace = options.actionSpace;
  const observationShape = checkShape('agentsModule.observationShape', options.observationShape);
  if (options.optimizer !== undefined) createOptimizer(options.optimizer).dispose(); // fail at load, not at first get
  return new ContainerModule((bindings) => {
    if (options.optimizer !== undefined && !bindings.isBound(TOKENS.Optimizer)) {
      const config = options.optimizer;
      bindings
        .bind<Optimizer>(TOKENS.Optimizer)
        .toDynamicValue(() => createOptimizer(config))
        .inSingletonScope();
    }
    bindings
      .bind<Agent<Action>>(TOKENS.Agent)
      .toDynamicValue((context) => {
        const rng = context.get<Rng>(TOKENS.Rng, { optional: true });
        const base = context.get<Record<string, unknown>>(TOKENS.AgentOptions, { optional: true }) ?? {};
        const hooks = context.getAll<UpdateHook>(TOKENS.UpdateHook, { optional: true });
        const augmentation = context.get<Augmentation>(TOKENS.Augmentation, { optional: true });
        return factory(
          {
            networkFactory: context.get<NetworkFactory>(TOKENS.NetworkFactory),
            replay: context.get<ReplayBuffer>(TOKENS.ReplayBuffer),
            optimizer: context.get<Optimizer>(TOKENS.Optimizer),
            hooks,
            numActions,
            observationShape,
            ...(actionSpace !== undefined ? { actionSpace } : {}),
          },
          { ...(augmentation ? { augmentation } : {}), ...base, ...(options.options ?? {}) },
          { rng: (rng ?? Rng.fromSeed(0)).split('agent') },
        );
      })
      .inSingletonScope();
  });
}
