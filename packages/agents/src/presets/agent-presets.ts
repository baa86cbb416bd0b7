import { checkOneOf } from '@prunerl/core';
import type { AgentPreset, PresetAgentKind } from './agent-preset';
import { atariPreset } from './atari-preset';
import { classicPreset } from './classic-preset';
import { minatarPreset } from './minatar-preset';

/** Names of the built-in presets (docs/presets.md). */
export const PRESET_NAMES = ['atari', 'minatar', 'classic'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * The built-in preset `name` for `agent` (validated, frozen). Unknown names throw a `ConfigError`.
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
  checkOneOf('preset agent', agent, ['dqn', 'rainbow']);
  switch (name) {
    case 'atari':
      return atariPreset(agent);
    case 'minatar':
      return minatarPreset(agent);
    case 'classic':
      return classicPreset(agent);
  }
}
