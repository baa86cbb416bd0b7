import { checkOneOf, ConfigError } from '@prunerl/core';
import { PRESET_AGENT_KINDS, type AgentPreset, type PresetAgentKind } from './agent-preset';
import { atariPreset } from './atari-preset';
import { classicPreset } from './classic-preset';
import { minatarPreset } from './minatar-preset';

/** Names of the built-in presets (docs/presets.md). */
export const PRESET_NAMES = ['atari', 'minatar', 'classic'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The agents each built-in preset configures. */
export const PRESET_AGENTS: { readonly [N in PresetName]: readonly PresetAgentKind[] } = Object.freeze({
  atari: Object.freeze(['dqn', 'rainbow', 'iqn', 'm-iqn', 'der', 'drq-eps'] as const),
  minatar: Object.freeze(['dqn', 'rainbow', 'iqn', 'm-iqn', 'der', 'drq-eps'] as const),
  classic: Object.freeze(['dqn', 'rainbow', 'iqn', 'm-iqn'] as const),
});

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
 * const preset = agentPreset('minatar', 'dqn');
 * const optimizer = createOptimizer(preset.optimizer);
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
  switch (name) {
    case 'atari':
      return atariPreset(agent);
    case 'minatar':
      return minatarPreset(agent);
    case 'classic':
      return classicPreset(agent);
  }
}
