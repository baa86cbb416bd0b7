import { checkKnownKeys, type Agent, type AgentRegistration, type AgentComponents, type FactoryContext, type HeadKind } from '@prunerl/core';
import { resolveValueAgentOptions, VALUE_AGENT_OPTION_KEYS, type ValueAgentComponents, type ValueAgentOptions } from '../agent/value-agent-options';

/**
 * One agent as the rest of prunerl sees it, exported from the agent's own folder: its registry name,
 * its option names, the network heads it works with and how to build it. Registration
 * (`registerAgents`, `agentsModule`) and the runner's preset checks all derive from it, so a new
 * agent is its folder plus one row in `AGENT_DESCRIPTORS` (docs/adding-an-agent.md).
 *
 * `checkOptions` and `create` are methods (not function properties) so that a descriptor of a
 * specific agent (`AgentDescriptor<'dqn', DQNOptions>`) is an `AgentDescriptor` too.
 */
export interface AgentDescriptor<N extends string = string, O extends ValueAgentOptions = ValueAgentOptions> {
  /** Registry name (`dqn`); configs and the CLI say `agent: { name }`. */
  readonly name: N;
  /** One line for listings and `--help`. */
  readonly description: string;
  /** The agent's own option names, beyond the shared value-agent ones and `augmentation`. */
  readonly optionKeys: readonly string[];
  /** Kinds of network head the agent works with (`q`, `dueling`, `c51`, `quantile`, ...). */
  readonly heads: readonly HeadKind[];
  /**
   * Validates the agent's own options (those of `optionKeys`) without building anything; a bad value
   * throws a `ConfigError` naming `<owner>.<field>`. The constructor checks the same values again.
   */
  checkOptions(owner: string, options: O): void;
  /** Builds the agent from its collaborators and options. */
  create(input: ValueAgentComponents & O): Agent;
}

/**
 * Checks `options` for the agent of `descriptor` without building it: only known names (the shared
 * value-agent options, the agent's own and `augmentation`), the shared values, then the agent's own
 * ({@link AgentDescriptor.checkOptions}). Errors are `ConfigError`s naming `<owner>.<field>`.
 * `augmentation` is left to the caller, which knows the observations it will see.
 */
export function checkAgentOptions<O extends ValueAgentOptions>(descriptor: AgentDescriptor<string, O>, owner: string, options: O & { readonly augmentation?: unknown }): void {
  checkKnownKeys(owner, options, [...VALUE_AGENT_OPTION_KEYS, ...descriptor.optionKeys, 'augmentation']);
  resolveValueAgentOptions(owner, options);
  descriptor.checkOptions(owner, options);
}

/** The agent's input from registry arguments: components, JSON options, and the context's stream. */
function inputOf(components: AgentComponents, options: Record<string, unknown>, context: FactoryContext): ValueAgentComponents & Record<string, unknown> {
  return {
    ...(options.seed === undefined && options.rng === undefined ? { rng: context.rng } : {}),
    ...options,
    networkFactory: components.networkFactory,
    replay: components.replay,
    optimizer: components.optimizer,
    hooks: components.hooks,
    numActions: components.numActions,
    observationShape: components.observationShape,
  };
}

/**
 * The registry factory of `descriptor` (`@prunerl/core`'s `AgentRegistration`): options arrive as
 * plain JSON (an `augmentation` as DrQ augmentation options, or an `Augmentation` given in code),
 * and the agent takes the context's stream unless they name a `seed` or `rng`.
 */
export function agentRegistration<O extends ValueAgentOptions>(descriptor: AgentDescriptor<string, O>): AgentRegistration {
  // The options are a config's JSON: the agent's constructor checks every one of them (names and
  // values), which is what this type claims.
  return (components, options, context) => descriptor.create(inputOf(components, options, context) as ValueAgentComponents & O);
}
