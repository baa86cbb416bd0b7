import { AGENT_DESCRIPTORS, type AgentUpdateSchedule } from '@prunerl/agents';
import { ConfigError } from '@prunerl/core';

/**
 * When the config's agent trains, as far as the config tells: each of `minReplayHistory`,
 * `updatePeriod` and `updatesPerStep` from `agent.options`, else from the agent's own defaults when
 * its descriptor in `@prunerl/agents` states them (`updateSchedule`: SAC's one update per env step
 * after 1,000 random steps), else absent (a plugin's agent, or a value agent without a preset, whose
 * defaults the runner does not guess). Pure: the pruning schedule's length (`plannedUpdatesOf`), the
 * replay-ratio factor and the cost estimate all read it, so they cannot disagree. An option the
 * descriptor refuses is a `ConfigError` under `agent.options`.
 */
export function updateScheduleOf(config: { readonly agent: { readonly name: string; readonly options: Readonly<Record<string, unknown>> } }): Partial<AgentUpdateSchedule> {
  const { name, options } = config.agent;
  const descriptor = AGENT_DESCRIPTORS.find((d) => d.name === name);
  let defaults: Partial<AgentUpdateSchedule> = {};
  try {
    // The options are a config's JSON; the descriptor checks the values it reads.
    defaults = descriptor?.updateSchedule?.(options as never) ?? {};
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError({ field: `agent.options > ${error.field}`, value: error.value, expected: error.expected }, { cause: error });
    throw error;
  }
  const pick = (key: keyof AgentUpdateSchedule): number | undefined => {
    const value = options[key];
    return typeof value === 'number' ? value : defaults[key];
  };
  const schedule = { minReplayHistory: pick('minReplayHistory'), updatePeriod: pick('updatePeriod'), updatesPerStep: pick('updatesPerStep') };
  return Object.fromEntries(Object.entries(schedule).filter(([, value]) => value !== undefined));
}
