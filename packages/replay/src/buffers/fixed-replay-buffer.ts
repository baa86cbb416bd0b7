import {
  checkKnownKeys,
  checkPositiveInteger,
  ConfigError,
  ReplayError,
  type Batch,
  type ReplayBuffer,
  type Rng,
  type Transition,
  type TypedArray,
} from '@prunerl/core';
import { datasetTransitions, type LoadedDataset } from '../dataset/loaded-dataset';
import type { ReplayBufferOptions } from '../options/replay-buffer-options';
import { readReplayState, writeReplayState } from '../state/replay-state-codec';
import type { ReplayStats } from './circular-replay-buffer';
import { UniformReplayBuffer } from './uniform-replay-buffer';

/**
 * Options of {@link FixedReplayBuffer}: those of the uniform buffer it stores the data in (its
 * observation shape and dtype must be the dataset's), with the dataset, and `capacity` as a bound.
 */
export interface FixedReplayBufferOptions extends Omit<ReplayBufferOptions, 'capacity'> {
  /** The transitions to sample from (read with `readDataset` from `@prunerl/replay/node`). */
  readonly dataset: LoadedDataset;
  /**
   * Most transitions the buffer may hold (Dopamine's fixed `replay_capacity`, 2.5M in PAPER.md Table
   * 3): a larger dataset is refused rather than silently cut. Default: the dataset's size.
   */
  readonly capacity?: number;
}

const KEYS = ['dataset', 'observationShape', 'observationDtype', 'nStep', 'gamma', 'frameStack', 'stackPadding', 'capacity'] as const;

/**
 * Offline RL's replay (Dopamine's `FixedReplayBuffer`, `labs/offline_rl/fixed_replay.py`): a buffer
 * over a fixed dataset of logged transitions, loaded once and never added to, sampled uniformly over
 * every transition of the chosen subset with n-step returns folded in. Where the data stream breaks
 * (the end of a slice that the next does not continue, or broken continuity) the n-step window stops
 * and bootstraps from the stored next observation, as after a time limit.
 *
 * Sampling draws only from the agent's replay stream, so the buffer has no sampling state of its own
 * to save: its `state()` is a few bytes naming the data (the dataset's digest and the options), and
 * `restore` checks that a checkpoint was taken over the same data (a `StateError` otherwise). A
 * resumed offline run therefore samples exactly as an uninterrupted one once the agent's streams are
 * restored, and checkpoints stay small whatever the dataset's size.
 *
 * @example
 * ```ts
 * import { FixedReplayBuffer } from '@prunerl/replay';
 * import { readDataset } from '@prunerl/replay/node';
 * const dataset = await readDataset([{ path: 'runs/breakout/seed-0/dataset', fraction: 0.05 }]);
 * const replay = new FixedReplayBuffer({ dataset, observationShape: [10, 10, 4], observationDtype: 'uint8', nStep: 1 });
 * const batch = replay.sample(32, Rng.fromSeed(0));
 * ```
 */
export class FixedReplayBuffer implements ReplayBuffer {
  readonly prioritized = false;
  /** Transitions held. */
  readonly capacity: number;
  /** The digest of the data (see `LoadedDataset.digest`). */
  readonly digest: string;
  private readonly store: UniformReplayBuffer;
  private readonly stateConfig: Record<string, unknown>;

  constructor(options: FixedReplayBufferOptions) {
    if (options === null || typeof options !== 'object') throw new ConfigError({ field: 'FixedReplayBuffer options', value: options, expected: 'an options object' });
    checkKnownKeys('FixedReplayBuffer', options, KEYS);
    const dataset = options.dataset;
    if (dataset === null || typeof dataset !== 'object' || !Array.isArray(dataset.segments) || typeof dataset.digest !== 'string') {
      throw new ConfigError({
        field: 'FixedReplayBuffer.dataset',
        value: dataset,
        expected: 'a loaded dataset (readDataset from @prunerl/replay/node; a run config names it under offline.datasets)',
      });
    }
    for (const key of ['observationShape', 'observationDtype'] as const) {
      if (JSON.stringify(options[key]) !== JSON.stringify(dataset.spec[key])) {
        throw new ConfigError({ field: `FixedReplayBuffer.${key}`, value: options[key], expected: `${JSON.stringify(dataset.spec[key])} (the dataset's, logged on ${dataset.spec.environment})` });
      }
    }
    if (options.capacity !== undefined && checkPositiveInteger('FixedReplayBuffer.capacity', options.capacity) < dataset.transitions) {
      throw new ConfigError({ field: 'FixedReplayBuffer.capacity', value: options.capacity, expected: `at least the ${dataset.transitions} transitions of the dataset (or select fewer)` });
    }
    // One slot per transition and one per break (the next observation stored there).
    let slots = 0;
    for (const { breaksAfter } of datasetTransitions(dataset)) slots += breaksAfter ? 2 : 1;
    const { nStep, gamma, frameStack, stackPadding } = options;
    this.store = new UniformReplayBuffer({
      capacity: Math.max(slots, (nStep ?? 1) + (frameStack ?? 1)),
      observationShape: options.observationShape,
      observationDtype: options.observationDtype,
      ...(nStep !== undefined ? { nStep } : {}),
      ...(gamma !== undefined ? { gamma } : {}),
      ...(frameStack !== undefined ? { frameStack } : {}),
      ...(stackPadding !== undefined ? { stackPadding } : {}),
    });
    for (const { transition: t, breaksAfter } of datasetTransitions(dataset)) {
      this.store.add({
        observation: t.observation,
        action: t.action,
        reward: t.reward,
        nextObservation: t.nextObservation,
        terminated: t.terminated,
        truncated: t.truncated || (breaksAfter && !t.terminated),
      });
    }
    this.capacity = dataset.transitions;
    this.digest = dataset.digest;
    const resolved = this.store.options;
    this.stateConfig = {
      digest: dataset.digest,
      transitions: dataset.transitions,
      environment: dataset.spec.environment,
      observationShape: [...resolved.observationShape],
      observationDtype: resolved.observationDtype,
      nStep: resolved.nStep,
      gamma: resolved.gamma,
      frameStack: resolved.frameStack,
      stackPadding: resolved.stackPadding,
    };
  }

  /** Transitions held (all of the dataset's selection). */
  get size(): number {
    return this.store.size;
  }

  /** Counts of what is stored (transitions, slots, sampleable transitions). */
  get stats(): ReplayStats {
    return this.store.stats;
  }

  /** Always throws a `ReplayError`: a fixed dataset is never added to. */
  add(transition: Transition<TypedArray>): void {
    throw new ReplayError({
      field: 'FixedReplayBuffer.add(transition)',
      value: transition === null || typeof transition !== 'object' ? transition : 'a transition',
      expected: 'no transitions: a FixedReplayBuffer serves a fixed dataset (offline RL) and is never added to',
    });
  }

  canSample(batchSize: number): boolean {
    return this.store.canSample(batchSize);
  }

  /** A minibatch drawn uniformly (with replacement) over the dataset's sampleable transitions. */
  sample(batchSize: number, rng: Rng): Batch {
    return this.store.sample(batchSize, rng);
  }

  /** A no-op: uniform sampling has no priorities. */
  updatePriorities(_indices: Int32Array, _priorities: Float32Array | Float64Array): void {}

  /** A few bytes naming the data and options (the replay state format, with no sections). */
  async *state(): AsyncGenerator<Uint8Array, void, undefined> {
    yield* writeReplayState({ buffer: 'fixed', config: this.stateConfig, counters: {}, sections: [] }, () => undefined);
  }

  /** Checks that `chunks` were written by a buffer over the same data with the same options; a `StateError` otherwise. */
  async restore(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    await readReplayState(chunks, { buffer: 'fixed', config: this.stateConfig, targets: () => [] });
  }
}
