import { checkOneOf, ConfigError } from '@prunerl/core';
import { PRESET_AGENT_KINDS, type AgentPreset, type PresetAgentKind } from './agent-preset';
import { ATARI_PRESETS } from './atari-preset';
import { CLASSIC_PRESETS } from './classic-preset';
import { MINATAR_PRESETS } from './minatar-preset';
import { MUJOCO_PRESETS } from './mujoco-preset';
import { presetOfFamily, type PresetFamily } from './preset-family';

/** Names of the built-in presets (docs/presets.md). */
export const PRESET_NAMES = ['atari', 'minatar', 'classic', 'mujoco'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const FAMILIES: { readonly [N in PresetName]: PresetFamily } = { atari: ATARI_PRESETS, minatar: MINATAR_PRESETS, classic: CLASSIC_PRESETS, mujoco: MUJOCO_PRESETS };

/** The agents each built-in preset configures: those its family has a preset for, in the agents' order. */
export const PRESET_AGENTS: { readonly [N in PresetName]: readonly PresetAgentKind[] } = Object.freeze({
  atari: agentsOf(ATARI_PRESETS),
  minatar: agentsOf(MINATAR_PRESETS),
  classic: agentsOf(CLASSIC_PRESETS),
  mujoco: agentsOf(MUJOCO_PRESETS),
});

function agentsOf(family: PresetFamily): readonly PresetAgentKind[] {
  return Object.freeze(PRESET_AGENT_KINDS.filter((agent) => family[agent] !== undefined));
}

/** Whether the built-in preset `name` configures `agent` (both given as any strings, e.g. from a config). */
export function hasAgentPreset(name: string, agent: string): boolean {
  return (PRESET_NAMES as readonly string[]).includes(name) && (PRESET_AGENTS[name as PresetName] as readonly string[]).includes(agent);
}

/**
 * The built-in preset `name` for `agent` (validated, frozen). Unknown names, and agents the preset
 * does not configure ({@link PRESET_AGENTS}), throw a `ConfigError`.
 *
 * @example
 * ```ts
 * const preset = agentPreset('minatar', 'dqn'); // from @prunerl/runner
 * const optimizer = createOptimizer(preset.optimizer); // from @prunerl/agents
 * const agent = new DQNAgent({ ...components, ...preset.agentOptions, optimizer, totalSteps: 500_000 });
 * ```
 */
export function agentPreset<K extends PresetAgentKind>(name: PresetName, agent: K): AgentPreset<K> {
  checkOneOf('preset', name, PRESET_NAMES);
  checkOneOf('preset agent', agent, PRESET_AGENT_KINDS);
  if (!PRESET_AGENTS[name].includes(agent)) {
    throw new ConfigError({
      field: 'preset agent',
      value: agent,
      expected: `an agent the ${JSON.stringify(name)} preset configures (${PRESET_AGENTS[name].map((a) => JSON.stringify(a)).join(', ')})`,
    });
  }
  return presetOfFamily(name, FAMILIES[name], agent);
}
