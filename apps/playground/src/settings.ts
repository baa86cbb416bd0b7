import { ConfigError } from '@prunerl/core';
import type { ExperimentConfigInput } from '@prunerl/runner/browser';

/** The environments the page offers: the five MinAtar games and CartPole. */
export const PLAYGROUND_ENVIRONMENTS = [
  'MinAtar/Breakout-v1',
  'MinAtar/Asterix-v1',
  'MinAtar/Freeway-v1',
  'MinAtar/Seaquest-v1',
  'MinAtar/SpaceInvaders-v1',
  'CartPole-v1',
] as const;
export type PlaygroundEnvironment = (typeof PLAYGROUND_ENVIRONMENTS)[number];

export const PLAYGROUND_AGENTS = ['dqn', 'rainbow'] as const;
export type PlaygroundAgent = (typeof PLAYGROUND_AGENTS)[number];

export const PLAYGROUND_PRUNERS = ['none', 'gmp', 'set', 'rigl'] as const;
export type PlaygroundPruner = (typeof PLAYGROUND_PRUNERS)[number];

/** `webgl` and `webgpu` run where the browser has them (the page offers them only then). */
export const PLAYGROUND_BACKENDS = ['wasm', 'webgl', 'webgpu'] as const;
export type PlaygroundBackend = (typeof PLAYGROUND_BACKENDS)[number];

/** What the page lets a person choose; everything else comes from the runner's presets. */
export interface PlaygroundSettings {
  readonly environment: PlaygroundEnvironment;
  readonly agent: PlaygroundAgent;
  /** `minatar-cnn` (MinAtar only) or `mlp`. */
  readonly torso: 'minatar-cnn' | 'mlp';
  /** The paper's width multiplier. */
  readonly width: number;
  readonly pruner: PlaygroundPruner;
  /** Final overall sparsity of the pruner (ignored without one). */
  readonly sparsity: number;
  readonly seed: number;
  readonly iterations: number;
  readonly stepsPerIteration: number;
  /** Evaluation episodes after each iteration (greedy, the agent's eval epsilon). */
  readonly evalEpisodes: number;
}

/** A short run that learns something and prunes to 90% in a minute of a laptop's time. */
export const DEFAULT_SETTINGS: PlaygroundSettings = Object.freeze({
  environment: 'MinAtar/Breakout-v1',
  agent: 'dqn',
  torso: 'minatar-cnn',
  width: 1,
  pruner: 'gmp',
  sparsity: 0.9,
  seed: 0,
  iterations: 10,
  stepsPerIteration: 5_000,
  evalEpisodes: 2,
});

/** Mask recomputations a pruning run gets over its schedule (GMP) or training (SET, RigL). */
const MASK_UPDATES = 40;

/**
 * The runner config of a page's settings: the runner's `minatar` or `classic` preset for the agent,
 * shortened for a run of minutes rather than hours (replay warm-up, exploration decay and target
 * syncs scaled to the budget, masks recomputed {@link MASK_UPDATES} times rather than every 1,000
 * updates). Choices the page cannot combine throw a `ConfigError` naming the setting.
 */
export function toExperimentConfig(settings: PlaygroundSettings): ExperimentConfigInput {
  const minatar = settings.environment.startsWith('MinAtar/');
  if (!minatar && settings.torso === 'minatar-cnn') {
    throw new ConfigError({ field: 'torso', value: settings.torso, expected: `mlp for ${settings.environment} (the MinAtar CNN takes 10x10 grids)` });
  }
  const steps = settings.iterations * settings.stepsPerIteration;
  const minReplayHistory = Math.min(minatar ? 1_000 : 500, Math.floor(steps / 10));
  const updatePeriod = minatar ? 4 : 1;
  const updates = Math.max(1, Math.floor((steps - minReplayHistory) / updatePeriod));
  const agentOptions = {
    minReplayHistory,
    epsilonDecayPeriod: Math.max(1, Math.round(steps * 0.25)),
    targetUpdatePeriod: Math.max(updatePeriod, Math.min(minatar ? 1_000 : 100, Math.round(steps / 20))),
  };
  const pruner =
    settings.pruner === 'none'
      ? null
      : {
          name: settings.pruner,
          options: {
            sparsity: settings.sparsity,
            // GMP recomputes masks over 20%-80% of training (60% of the updates); SET and RigL over 75%.
            updateFrequency: Math.max(1, Math.floor((updates * (settings.pruner === 'gmp' ? 0.6 : 0.75)) / MASK_UPDATES)),
          },
        };
  return {
    environment: { id: settings.environment },
    agent: { name: settings.agent, options: agentOptions },
    network: { torso: settings.torso, width: settings.width },
    replay: { capacity: Math.min(100_000, steps) },
    pruner,
    budget: { iterations: settings.iterations, stepsPerIteration: settings.stepsPerIteration },
    evaluation: { episodes: settings.evalEpisodes },
    seeds: [settings.seed],
  };
}
