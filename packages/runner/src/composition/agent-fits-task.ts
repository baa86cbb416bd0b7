import { actionKindOf, AGENT_DESCRIPTORS } from '@prunerl/agents';
import { ConfigError } from '@prunerl/core';
import type { TaskSpec } from './task-spec';

/**
 * Refuses an agent that cannot act in the environment's action space, before anything is built: a
 * continuous agent (SAC) on a `Discrete` action space, or a value agent (DQN, Rainbow, ...) on a
 * `Box` one. Each is valid field by field; together they cannot run. A `ConfigError` on
 * `agent.name` naming the environment and its action space. Agents of `@prunerl/agents` are known by
 * their descriptor's `actions`; a plugin's agent checks its own (`agentRegistration` does).
 */
export function checkAgentFitsTask(agent: string, environment: string, task: TaskSpec): void {
  const descriptor = AGENT_DESCRIPTORS.find((d) => d.name === agent);
  if (!descriptor) return;
  const takes = descriptor.actions ?? 'discrete';
  const given = actionKindOf(task.actionSpace);
  if (given === takes) return;
  const fitting = AGENT_DESCRIPTORS.filter((d) => (d.actions ?? 'discrete') === given).map((d) => JSON.stringify(d.name));
  throw new ConfigError({
    field: 'agent.name',
    value: agent,
    expected: `an agent of ${given} actions for ${environment} (its action space is ${String(task.actionSpace)}; "${agent}" takes ${takes} actions): one of ${fitting.join(', ')}`,
  });
}
