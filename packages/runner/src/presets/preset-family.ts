import { ConfigError } from '@prunerl/core';
import type { AgentPreset, PresetAgentKind } from './agent-preset';

/**
 * One family's presets (`atari`, `minatar`, `classic`) by agent. Every agent is optional: an agent
 * without a preset in a family is simply not configured by it (`PRESET_AGENTS` reads the keys), so
 * adding an agent needs no preset.
 */
export type PresetFamily = { readonly [K in PresetAgentKind]?: AgentPreset<K> };

/** The preset of `agent` in `family` (named `name` in errors). */
export function presetOfFamily<K extends PresetAgentKind>(name: string, family: PresetFamily, agent: K): AgentPreset<K> {
  const preset = family[agent] as AgentPreset<K> | undefined;
  if (!preset) throw new ConfigError({ field: `${name} preset agent`, value: agent, expected: `one of ${Object.keys(family).join(', ')}` });
  return preset;
}
