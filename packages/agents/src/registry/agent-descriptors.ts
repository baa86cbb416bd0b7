import { ConfigError } from '@prunerl/core';
import { CQL_C51_DESCRIPTOR } from '../cql/cql-c51-descriptor';
import { CQL_DESCRIPTOR } from '../cql/cql-descriptor';
import { DER_DESCRIPTOR } from '../data-efficient/der-descriptor';
import { DRQ_EPSILON_DESCRIPTOR } from '../data-efficient/drq-epsilon-descriptor';
import { DQN_DESCRIPTOR } from '../dqn/dqn-descriptor';
import { IQN_DESCRIPTOR } from '../iqn/iqn-descriptor';
import { MUNCHAUSEN_IQN_DESCRIPTOR } from '../munchausen/munchausen-iqn-descriptor';
import { RAINBOW_DESCRIPTOR } from '../rainbow/rainbow-descriptor';
import { PPO_DESCRIPTOR } from '../ppo/ppo-descriptor';
import { SAC_DESCRIPTOR } from '../sac/sac-descriptor';
import type { AgentDescriptor } from './agent-descriptor';

/**
 * This package's agents, one row each: `registerAgents`, the container module and the runner's
 * presets derive from this list (names, option keys, heads, factories). A new agent is its folder
 * and one row here.
 */
export const AGENT_DESCRIPTORS = [DQN_DESCRIPTOR, RAINBOW_DESCRIPTOR, IQN_DESCRIPTOR, MUNCHAUSEN_IQN_DESCRIPTOR, DER_DESCRIPTOR, DRQ_EPSILON_DESCRIPTOR, CQL_DESCRIPTOR, CQL_C51_DESCRIPTOR, SAC_DESCRIPTOR, PPO_DESCRIPTOR] as const;

/** One of {@link AGENT_DESCRIPTORS}. */
export type BuiltinAgentDescriptor = (typeof AGENT_DESCRIPTORS)[number];

/** Registry name of one of this package's agents (`dqn`, `rainbow`, `iqn`, `m-iqn`, `der`, `drq-eps`, `cql`, `cql-c51`, `sac`, `ppo`). */
export type AgentName = BuiltinAgentDescriptor['name'];

/** The options type of agent `N`, read off its descriptor. */
export type AgentOptionsOf<N extends AgentName> = Extract<BuiltinAgentDescriptor, { readonly name: N }> extends AgentDescriptor<N, infer O, infer _I> ? O : never;

/** Every {@link AgentName}, in the order of {@link AGENT_DESCRIPTORS}. */
export const AGENT_NAMES: readonly AgentName[] = Object.freeze(AGENT_DESCRIPTORS.map((d) => d.name));

/** The descriptor of agent `name`; an unknown name throws a `ConfigError` naming `field`. */
export function agentDescriptor<N extends AgentName>(name: N, field = 'agent'): Extract<BuiltinAgentDescriptor, { readonly name: N }> {
  const descriptor = AGENT_DESCRIPTORS.find((d) => d.name === name);
  if (!descriptor) throw new ConfigError({ field, value: name, expected: `one of ${AGENT_NAMES.map((n) => JSON.stringify(n)).join(', ')}` });
  return descriptor as Extract<BuiltinAgentDescriptor, { readonly name: N }>;
}
