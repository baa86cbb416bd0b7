import { ConfigError, Rng, sizeOfShape, type NetworkFactory, type Optimizer, type Parameter, type QNetwork, type UpdateHook } from '@prunerl/core';
import type { ValueAgentStreams } from './value-agent-state';

/** What an actor-critic agent (SAC, PPO) receives besides its action space and options. */
export interface ActorCriticInput {
  readonly networkFactory: NetworkFactory;
  readonly optimizer: Optimizer;
  readonly hooks?: readonly UpdateHook[];
  readonly observationShape: readonly number[];
  readonly rng?: Rng;
  readonly seed?: number;
}

/** {@link ActorCriticInput} checked, with the agent's random streams split off. */
export interface ActorCriticParts {
  readonly networkFactory: NetworkFactory;
  readonly optimizer: Optimizer;
  readonly hooks: readonly UpdateHook[];
  readonly observationShape: readonly number[];
  readonly observationSize: number;
  readonly streams: ValueAgentStreams;
  /** The stream the networks' seeds are drawn from. */
  readonly init: Rng;
}

/**
 * Checks an actor-critic agent's collaborators (a factory of linear-`q`-head networks, an optimiser,
 * hooks, the observation shape), naming `<owner>.<field>` in a `ConfigError`, and splits its random
 * streams as value agents do (`agent` -> `exploration`, `evaluation`, `replay`, `init`).
 */
export function checkActorCriticParts(owner: string, input: ActorCriticInput): ActorCriticParts {
  const { networkFactory, optimizer } = input;
  if (networkFactory?.head?.kind !== 'q' || typeof networkFactory.create !== 'function') {
    throw new ConfigError({ field: `${owner}.networkFactory`, value: networkFactory?.head?.kind, expected: 'a NetworkFactory with a linear "q" head' });
  }
  // NoisyNet layers draw new noise on every forward pass: PPO's importance ratio would differ from 1
  // before any update, and SAC's actor, critics and targets would all carry parameter noise.
  if (networkFactory.head.noisy) {
    throw new ConfigError({ field: `${owner}.networkFactory.head.noisy`, value: true, expected: 'a head without NoisyNet layers (actor-critic agents explore through their policy)' });
  }
  if (typeof optimizer?.apply !== 'function') throw new ConfigError({ field: `${owner}.optimizer`, value: optimizer, expected: 'an Optimizer' });
  const hooks = input.hooks ?? [];
  if (!Array.isArray(hooks) || hooks.some((h) => typeof h?.afterUpdate !== 'function')) {
    throw new ConfigError({ field: `${owner}.hooks`, value: hooks, expected: 'an array of UpdateHooks' });
  }
  if (!Array.isArray(input.observationShape) || !input.observationShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ConfigError({ field: `${owner}.observationShape`, value: input.observationShape, expected: 'an array of positive integers' });
  }
  const rng = input.rng ?? Rng.fromSeed(input.seed ?? 0).split('agent');
  return {
    networkFactory,
    optimizer,
    hooks,
    observationShape: [...input.observationShape],
    observationSize: sizeOfShape(input.observationShape),
    streams: { exploration: rng.split('exploration'), evaluation: rng.split('evaluation'), replay: rng.split('replay') },
    init: rng.split('init'),
  };
}

/** `network`'s parameters under `<prefix>/<name>` (same variables), so several networks share one namespace for hooks. */
export function prefixedParameters(prefix: string, network: QNetwork): Parameter[] {
  return network.parameters().map((p) => ({ name: `${prefix}/${p.name}`, variable: p.variable, role: p.role, layer: `${prefix}/${p.layer}` }));
}
