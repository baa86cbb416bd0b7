import { ConfigError, replayBuffers, type DType, type ReplayBufferRegistration } from '@prunerl/core';
import { FixedReplayBuffer, type FixedReplayBufferOptions } from '../buffers/fixed-replay-buffer';
import { PrioritizedReplayBuffer } from '../buffers/prioritized-replay-buffer';
import { UniformReplayBuffer } from '../buffers/uniform-replay-buffer';
import type { PrioritizedReplayBufferOptions, ReplayBufferOptions } from '../options/replay-buffer-options';

/**
 * Options from a config plus the observation spec from the environment. The spec is authoritative:
 * options that name a different shape or dtype are rejected rather than silently overridden.
 */
function withSpec(
  options: Record<string, unknown>,
  spec: { readonly observationShape: readonly number[]; readonly observationDtype: string; readonly actionShape?: readonly number[] },
): ReplayBufferOptions & Record<string, unknown> {
  for (const key of ['observationShape', 'observationDtype', 'actionShape'] as const) {
    if (options[key] !== undefined && JSON.stringify(options[key]) !== JSON.stringify(spec[key])) {
      throw new ConfigError({ field: `replay.${key}`, value: options[key], expected: `${JSON.stringify(spec[key])} (the environment's ${key === 'observationShape' ? 'observation shape' : key === 'observationDtype' ? 'observation dtype' : 'action shape'})` });
    }
  }
  const merged: Record<string, unknown> = {
    ...options,
    observationShape: [...spec.observationShape],
    observationDtype: spec.observationDtype as DType,
    ...(spec.actionShape ? { actionShape: [...spec.actionShape] } : {}),
  };
  return merged as unknown as ReplayBufferOptions & Record<string, unknown>;
}

/**
 * The buffers of this package by registry name. Options are the constructors' options as plain
 * JSON (`{ capacity: 1000000, nStep: 3, gamma: 0.99, frameStack: 4 }`), except `fixed`'s `dataset`,
 * a `LoadedDataset` the caller has read (the runner reads a config's `offline.datasets`); the
 * observation shape and dtype come from the spec the caller passes (the environment's observation
 * space).
 */
export const REPLAY_BUFFER_REGISTRATIONS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly factory: ReplayBufferRegistration }> = [
  {
    name: 'uniform',
    description: 'Uniform replay (DQN, IQN, DrQ(eps), CQL): circular store, n-step returns, frames stored once',
    factory: (options, spec) => new UniformReplayBuffer(withSpec(options, spec)),
  },
  {
    name: 'prioritized',
    description: "Prioritized replay as in Dopamine's Rainbow: sum tree, stratified draws, max-priority inserts, 1/sqrt(P) weights",
    factory: (options, spec) => new PrioritizedReplayBuffer(withSpec(options, spec) as PrioritizedReplayBufferOptions),
  },
  {
    name: 'fixed',
    description: "Offline RL's fixed replay (CQL, CQL+C51): a loaded dataset of logged transitions, sampled uniformly, never added to",
    factory: (options, spec) => new FixedReplayBuffer(withSpec(options, spec) as unknown as FixedReplayBufferOptions),
  },
];

/**
 * Registers `uniform`, `prioritized` and `fixed` in `@prunerl/core`'s `replayBuffers` registry, so configs
 * and the CLI can name them. Importing this package registers nothing (it is free of side effects,
 * so bundlers can drop what is unused): call this once, or load `replayModule` from
 * `@prunerl/replay/inversify`, which calls it. Idempotent: names already registered (by an earlier
 * call or another copy of this package) are left alone unless `override` is set. Returns the names
 * this package provides.
 *
 * @example
 * ```ts
 * registerReplayBuffers();
 * const replay = replayBuffers.get('prioritized')({ capacity: 100_000, nStep: 3 }, { observationShape: [10, 10, 4], observationDtype: 'uint8' });
 * ```
 */
export function registerReplayBuffers(options: { readonly override?: boolean } = {}): string[] {
  for (const { name, description, factory } of REPLAY_BUFFER_REGISTRATIONS) {
    if (!replayBuffers.has(name) || options.override) replayBuffers.register(name, factory, { description, override: true });
  }
  return REPLAY_BUFFER_REGISTRATIONS.map((r) => r.name);
}
