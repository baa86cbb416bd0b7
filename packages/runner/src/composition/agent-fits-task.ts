import { actionKindOf, actionKindsOf, AGENT_DESCRIPTORS } from '@prunerl/agents';
import { ConfigError, environments } from '@prunerl/core';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { registerBuiltins } from './register-builtins';
import { lookup } from './registry-lookup';
import { taskOf, type TaskSpec } from './task-spec';

/**
 * Refuses an agent that cannot act in the environment's action space, before anything is built: a
 * continuous agent (SAC) on a `Discrete` action space, or a value agent (DQN, Rainbow, ...) on a
 * `Box` one (PPO takes either). Each is valid field by field; together they cannot run. A `ConfigError` on
 * `agent.name` naming the environment and its action space. Agents of `@prunerl/agents` are known by
 * their descriptor's `actions`; a plugin's agent checks its own (`agentRegistration` does).
 */
export function checkAgentFitsTask(agent: string, environment: string, task: TaskSpec): void {
  const descriptor = AGENT_DESCRIPTORS.find((d) => d.name === agent);
  if (!descriptor) return;
  const takes = actionKindsOf(descriptor);
  const given = actionKindOf(task.actionSpace);
  if (given !== undefined && takes.includes(given)) return;
  const fitting = AGENT_DESCRIPTORS.filter((d) => given !== undefined && actionKindsOf(d).includes(given)).map((d) => JSON.stringify(d.name));
  throw new ConfigError({
    field: 'agent.name',
    value: agent,
    expected: `an agent of ${given ?? 'its'} actions for ${environment} (its action space is ${String(task.actionSpace)}; "${agent}" takes ${takes.join(' or ')} actions): one of ${fitting.join(', ')}`,
  });
}

/**
 * Checks that the agent of every run can act in its environment's action space
 * ({@link checkAgentFitsTask}), reading each distinct environment's spaces once from the registry (the
 * built-in packages registered first; load plugins before), so a sweep that pairs SAC with CartPole
 * fails before any run starts rather than run by run. The `ConfigError` names the run (`hint`).
 */
export function checkRunsFitTasks(runs: readonly { readonly id: string; readonly config: ResolvedExperimentConfig }[]): void {
  registerBuiltins();
  const tasks = new Map<string, TaskSpec>();
  for (const { id, config } of runs) {
    const { environment } = config;
    const key = JSON.stringify([environment.id, environment.options]);
    try {
      let task = tasks.get(key);
      if (task === undefined) {
        const env = lookup(environments, environment.id, 'environment.id')({ ...environment.options });
        try {
          task = taskOf(env);
        } finally {
          env.close();
        }
        tasks.set(key, task);
      }
      checkAgentFitsTask(config.agent.name, environment.id, task);
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError({ field: error.field, value: error.value, expected: error.expected, hint: `(sweep run "${id}")` }, { cause: error });
      throw error;
    }
  }
}
