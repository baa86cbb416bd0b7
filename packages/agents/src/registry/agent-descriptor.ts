import { checkKnownKeys, ConfigError, isBox, type Action, type Agent, type AgentComponents, type AgentRegistration, type FactoryContext, type HeadKind, type Space } from '@prunerl/core';
import { resolveValueAgentOptions, VALUE_AGENT_OPTION_KEYS, type ValueAgentComponents, type ValueAgentOptions } from '../agent/value-agent-options';

/**
 * The actions an agent takes: `discrete` (an integer of a `Discrete` space: the value agents) or
 * `continuous` (a `Float32Array` of a float32 `Box` space: SAC). A runner refuses an environment whose
 * action space is of the other kind before anything is built.
 */
export type ActionKind = 'discrete' | 'continuous';

/** The action kind of `space` (`Discrete`: discrete; `Box`: continuous), or `undefined` for another space. */
export function actionKindOf(space: Space<Action>): ActionKind | undefined {
  return isBox(space) ? 'continuous' : space?.kind === 'discrete' ? 'discrete' : undefined;
}

/**
 * One agent as the rest of prunerl sees it, exported from the agent's own folder: its registry name,
 * its option names, the network heads it works with and how to build it. Registration
 * (`registerAgents`, `agentsModule`) and the runner's preset checks all derive from it, so a new
 * agent is its folder plus one row in `AGENT_DESCRIPTORS` (docs/adding-an-agent.md).
 *
 * `O` is the agent's options, `I` the components its constructor takes: the value agents' by
 * default (`numActions`), `SACComponents` for SAC (`actionSpace`).
 *
 * `checkOptions` and `create` are methods (not function properties) so that a descriptor of a
 * specific agent (`AgentDescriptor<'dqn', DQNOptions>`) is an `AgentDescriptor` too.
 */
export interface AgentDescriptor<N extends string = string, O extends object = ValueAgentOptions, I extends object = ValueAgentComponents> {
  /** Registry name (`dqn`); configs and the CLI say `agent: { name }`. */
  readonly name: N;
  /** One line for listings and `--help`. */
  readonly description: string;
  /**
   * The actions it takes: one kind, or several for an agent that acts in either (a policy-gradient
   * agent with a categorical or a Gaussian policy). Default `discrete`: its components carry
   * `numActions`; any other agent's carry the environment's `actionSpace` instead.
   */
  readonly actions?: ActionKind | readonly ActionKind[];
  /**
   * Gradient steps the agent makes in `totalSteps` env steps with `options` (its defaults filled
   * in), for pruning schedules given as fractions of training. Default: the value agents' schedule
   * (`plannedUpdates` of `minReplayHistory`, `updatePeriod`, `updatesPerStep`), read off the options.
   */
  plannedUpdates?(options: O, totalSteps: number): number | undefined;
  /**
   * Which shared option names it takes besides `optionKeys`: `value-agent` (default: the options
   * every value agent shares, `ValueAgentOptions`, and a DrQ `augmentation`, checked here) or `none`
   * (an agent whose options are all its own, as SAC's).
   */
  readonly sharedOptions?: 'value-agent' | 'none';
  /** The agent's own option names, beyond the shared ones (see `sharedOptions`). */
  readonly optionKeys: readonly string[];
  /** Kinds of network head the agent works with (`q`, `dueling`, `c51`, `quantile`, ...). */
  readonly heads: readonly HeadKind[];
  /**
   * Validates the agent's own options (those of `optionKeys`) without building anything; a bad value
   * throws a `ConfigError` naming `<owner>.<field>`. The constructor checks the same values again.
   */
  checkOptions(owner: string, options: O): void;
  /**
   * Optional: when the agent trains, from its options with its own defaults filled in (warm-up
   * steps, env steps between training steps, gradient steps per training step), so a runner counts
   * its gradient steps (pruning schedules, replay ratio, cost estimates) even where the options leave
   * them out. Without it a runner reads them from the options alone (the value agents' presets set them).
   */
  updateSchedule?(options: O): AgentUpdateSchedule;
  /** Builds the agent from its collaborators and options. */
  create(input: I & O): Agent<Action>;
}

/** When an agent trains (see {@link AgentDescriptor.updateSchedule}); `plannedUpdates` takes it with the run's length. */
export interface AgentUpdateSchedule {
  readonly minReplayHistory: number;
  readonly updatePeriod: number;
  readonly updatesPerStep: number;
}

/** The action kinds `descriptor`'s agent acts in (`actions`, default `['discrete']`). */
export function actionKindsOf(descriptor: Pick<AgentDescriptor<string, object, object>, 'actions'>): readonly ActionKind[] {
  const actions = descriptor.actions ?? 'discrete';
  return typeof actions === 'string' ? [actions] : actions;
}

/**
 * Checks `options` for the agent of `descriptor` without building it: only known names (the shared
 * options of `sharedOptions`, the agent's own), the shared values, then the agent's own
 * ({@link AgentDescriptor.checkOptions}). Errors are `ConfigError`s naming `<owner>.<field>`.
 * A value agent's `augmentation` is left to the caller, which knows the observations it will see.
 */
export function checkAgentOptions<O extends object>(descriptor: AgentDescriptor<string, O, object>, owner: string, options: O & { readonly augmentation?: unknown }): void {
  if ((descriptor.sharedOptions ?? 'value-agent') === 'value-agent') {
    checkKnownKeys(owner, options, [...VALUE_AGENT_OPTION_KEYS, ...descriptor.optionKeys, 'augmentation']);
    resolveValueAgentOptions(owner, options as ValueAgentOptions);
  } else {
    checkKnownKeys(owner, options, descriptor.optionKeys);
  }
  descriptor.checkOptions(owner, options);
}

/**
 * The agent's input from registry arguments: components, JSON options, and the context's stream.
 * An agent of discrete actions only gets `numActions`; any other the `actionSpace` (required), not
 * `numActions`.
 */
function inputOf(actions: readonly ActionKind[], components: AgentComponents, options: Record<string, unknown>, context: FactoryContext): Record<string, unknown> {
  const common = {
    ...(options.seed === undefined && options.rng === undefined ? { rng: context.rng } : {}),
    ...options,
    networkFactory: components.networkFactory,
    replay: components.replay,
    optimizer: components.optimizer,
    hooks: components.hooks,
    observationShape: components.observationShape,
  };
  if (actions.length === 1 && actions[0] === 'discrete') return { ...common, numActions: components.numActions };
  if (components.actionSpace === undefined) {
    throw new ConfigError({ field: 'components.actionSpace', value: undefined, expected: "the environment's action space (agents of continuous actions squash onto its bounds; PPO reads its kind off it)" });
  }
  return { ...common, actionSpace: components.actionSpace };
}

/**
 * The registry factory of `descriptor` (`@prunerl/core`'s `AgentRegistration`): options arrive as
 * plain JSON (an `augmentation` as DrQ augmentation options, or an `Augmentation` given in code),
 * and the agent takes the context's stream unless they name a `seed` or `rng`. An action space of
 * the other kind than the agent's (`actions`) is a `ConfigError` on `actionSpace`.
 */
export function agentRegistration<O extends object, I extends object>(descriptor: AgentDescriptor<string, O, I>): AgentRegistration {
  const actions = actionKindsOf(descriptor);
  return (components, options, context) => {
    const given = components.actionSpace === undefined ? undefined : actionKindOf(components.actionSpace);
    if (given !== undefined && !actions.includes(given)) {
      throw new ConfigError({
        field: 'actionSpace',
        value: String(components.actionSpace),
        expected: `${actions.map((kind) => (kind === 'discrete' ? 'a Discrete' : 'a float32 Box')).join(' or ')} action space: agent "${descriptor.name}" takes ${actions.join(' or ')} actions`,
      });
    }
    // The options are a config's JSON: the agent's constructor checks every one of them (names and
    // values), which is what this type claims.
    return descriptor.create(inputOf(actions, components, options, context) as I & O);
  };
}
