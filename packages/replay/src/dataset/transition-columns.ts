import { ReplayError, sizeOfShape, typedArrayFor, type DType, type Transition, type TypedArray } from '@prunerl/core';
import { bitsEqual } from '../storage/frame-kernels';
import { checkTransition } from '../buffers/transition-checks';
import { TransitionFlags } from './dataset-format';

const { TERMINATED, TRUNCATED, FINAL } = TransitionFlags;

/**
 * Consecutive logged transitions as columns (one shard's worth): what a shard stores and what a
 * reader gets back. A transition's next observation is the next one's observation unless it is
 * flagged `FINAL`, in which case it is the next entry of `finalObservations`.
 */
export interface TransitionColumns {
  readonly count: number;
  /** `count * observationSize` values. */
  readonly observations: TypedArray;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  /** The behaviour policy's epsilon for each action (NaN where the agent did not say). */
  readonly epsilons: Float32Array;
  /** {@link TransitionFlags} bits. */
  readonly flags: Uint8Array;
  /** One next observation per `FINAL` transition, in order. */
  readonly finalObservations: TypedArray;
}

/** One transition read back from columns, with the epsilon it was chosen with. */
export interface LoggedTransition extends Transition<TypedArray> {
  readonly epsilon: number;
  /** Whether the next observation was stored with it (an episode end, broken continuity or a shard end). */
  readonly final: boolean;
}

/**
 * The transitions `[start, end)` of `columns`, in order, as views into the columns (copy what you
 * keep).
 */
export function* transitionsOf(columns: TransitionColumns, observationSize: number, start = 0, end = columns.count): Generator<LoggedTransition> {
  let finalIndex = 0;
  for (let i = 0; i < start; i++) if (columns.flags[i]! & FINAL) finalIndex++;
  for (let i = start; i < end; i++) {
    const flags = columns.flags[i]!;
    const final = (flags & FINAL) !== 0;
    const observation = columns.observations.subarray(i * observationSize, (i + 1) * observationSize);
    const nextObservation = final
      ? columns.finalObservations.subarray(finalIndex * observationSize, ++finalIndex * observationSize)
      : columns.observations.subarray((i + 1) * observationSize, (i + 2) * observationSize);
    yield {
      observation,
      action: columns.actions[i]!,
      reward: columns.rewards[i]!,
      nextObservation,
      terminated: (flags & TERMINATED) !== 0,
      truncated: (flags & TRUNCATED) !== 0,
      epsilon: columns.epsilons[i]!,
      final,
    };
  }
}

/** Growable typed array storage for one column. */
class Column<T extends TypedArray> {
  data: T;
  length = 0;

  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const grown = this.make(Math.max(this.data.length * 2, this.length + extra));
    grown.set(this.data.subarray(0, this.length) as never);
    this.data = grown;
  }

  push(value: number): void {
    this.reserve(1);
    this.data[this.length++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.data.set(values as never, this.length);
    this.length += values.length;
  }

  take(): T {
    const out = this.data.slice(0, this.length) as T;
    this.length = 0;
    return out;
  }
}

/**
 * Collects transitions in the order they happen into {@link TransitionColumns}, storing each
 * observation once: a transition's next observation is kept only when the next transition does not
 * start from it (the episode ended, or the caller broke continuity) or when the columns are taken
 * (the last transition of a shard). Checks every transition as a replay buffer does (dtype, length,
 * integer action, finite reward) and that actions lie in `[0, numActions)`.
 */
export class ShardBuilder {
  private readonly observationSize: number;
  private readonly observations: Column<TypedArray>;
  private readonly finals: Column<TypedArray>;
  private readonly actions = new Column((n) => new Int32Array(n));
  private readonly rewards = new Column((n) => new Float32Array(n));
  private readonly epsilons = new Column((n) => new Float32Array(n));
  private readonly flags = new Column((n) => new Uint8Array(n));
  /** The last transition's next observation, while it is not known whether the next one continues from it. */
  private readonly pending: TypedArray;
  private hasPending = false;

  constructor(private readonly spec: { readonly observationShape: readonly number[]; readonly observationDtype: DType; readonly numActions: number }) {
    this.observationSize = sizeOfShape(spec.observationShape);
    this.observations = new Column((n) => typedArrayFor(spec.observationDtype, n));
    this.finals = new Column((n) => typedArrayFor(spec.observationDtype, n));
    this.pending = typedArrayFor(spec.observationDtype, this.observationSize);
  }

  /** Transitions collected since the last {@link take}. */
  get count(): number {
    return this.actions.length;
  }

  /** Adds one transition; throws a `ReplayError` naming the field for a malformed one (nothing is added). */
  append(transition: Transition<TypedArray>, epsilon: number): void {
    checkTransition(transition, { observationDtype: this.spec.observationDtype, observationSize: this.observationSize, observationShape: this.spec.observationShape });
    if (transition.action >= this.spec.numActions) {
      throw new ReplayError({ field: 'transition.action', value: transition.action, expected: `an integer in [0, ${this.spec.numActions})` });
    }
    if (this.hasPending && !bitsEqual(transition.observation, this.pending)) this.closePending();
    const ended = transition.terminated || transition.truncated;
    this.observations.pushAll(transition.observation);
    this.actions.push(transition.action);
    this.rewards.push(transition.reward);
    this.epsilons.push(typeof epsilon === 'number' ? epsilon : Number.NaN);
    this.flags.push((transition.terminated ? TransitionFlags.TERMINATED : 0) | (transition.truncated ? TransitionFlags.TRUNCATED : 0));
    this.pending.set(transition.nextObservation);
    this.hasPending = true;
    if (ended) this.closePending();
  }

  /** The columns collected so far (the last transition's next observation stored with it); starts afresh. */
  take(): TransitionColumns {
    if (this.hasPending) this.closePending();
    return {
      count: this.actions.length,
      observations: this.observations.take(),
      actions: this.actions.take(),
      rewards: this.rewards.take(),
      epsilons: this.epsilons.take(),
      flags: this.flags.take(),
      finalObservations: this.finals.take(),
    };
  }

  /** Stores the pending next observation with the last transition (flag FINAL). */
  private closePending(): void {
    this.flags.data[this.flags.length - 1]! |= FINAL;
    this.finals.pushAll(this.pending);
    this.hasPending = false;
  }
}
