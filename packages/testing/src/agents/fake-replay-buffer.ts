import {
  ReplayError,
  ShapeError,
  sizeOfShape,
  StateError,
  typedArrayFor,
  type Batch,
  type DType,
  type ReplayBuffer,
  type Rng,
  type Transition,
  type TypedArray,
  type Action,
} from '@prunerl/core';

/** Options of {@link FakeReplayBuffer}. */
export interface FakeReplayBufferOptions {
  readonly observationShape: readonly number[];
  /** Default `float32`. */
  readonly observationDtype?: DType;
  /** Default 10,000. */
  readonly capacity?: number;
  /** Discount of the (1-step) bootstrap. Default 0.99. */
  readonly gamma?: number;
  /**
   * Sample proportionally to priorities (new transitions at the max priority so far, 1 at first),
   * with importance weights `(N p)^-0.5` normalised by their max. Default false (uniform).
   */
  readonly prioritized?: boolean;
  /** Size of one continuous action: actions are then `Float32Array`s, sampled as `actionVectors`. Default 0 (discrete). */
  readonly actionSize?: number;
}

interface Stored {
  readonly observation: TypedArray;
  readonly action: number | Float32Array;
  readonly reward: number;
  readonly nextObservation: TypedArray;
  readonly terminated: boolean;
}

/**
 * A simple, obviously correct {@link ReplayBuffer} for agent tests: 1-step transitions in a circular
 * array, sampled with replacement from the given `Rng` (uniformly or by priority). It records what
 * agents do to it (`sampleCalls`, `priorityUpdates`) and can be told the exact batch to return next
 * ({@link FakeReplayBuffer.enqueueBatch}), so a test can check a TD target by hand.
 */
export class FakeReplayBuffer implements ReplayBuffer {
  readonly capacity: number;
  readonly prioritized: boolean;
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
  readonly gamma: number;
  readonly actionSize: number;
  /** Number of `sample` calls. */
  sampleCalls = 0;
  /** Every `updatePriorities` call, in order (copies). */
  readonly priorityUpdates: { indices: Int32Array; priorities: Float64Array }[] = [];
  private readonly items: Stored[] = [];
  private readonly priorities: number[] = [];
  private readonly scripted: Batch[] = [];
  private next = 0;
  private maxPriority = 1;

  constructor(options: FakeReplayBufferOptions) {
    this.observationShape = [...options.observationShape];
    this.observationDtype = options.observationDtype ?? 'float32';
    this.capacity = options.capacity ?? 10_000;
    this.gamma = options.gamma ?? 0.99;
    this.prioritized = options.prioritized ?? false;
    this.actionSize = options.actionSize ?? 0;
  }

  get size(): number {
    return this.items.length;
  }

  add(transition: Transition<TypedArray, Action>): void {
    const n = sizeOfShape(this.observationShape);
    const continuous = transition.action instanceof Float32Array;
    if (continuous !== this.actionSize > 0 || (continuous && (transition.action as Float32Array).length !== this.actionSize)) {
      throw new ShapeError({ field: 'FakeReplayBuffer.add(transition).action', value: transition.action, expected: this.actionSize > 0 ? `a Float32Array of ${this.actionSize} values` : 'an integer' });
    }
    if (transition.observation.length !== n || transition.nextObservation.length !== n) {
      throw new ShapeError({ field: 'FakeReplayBuffer.add(transition).observation', value: transition.observation.length, expected: `${n} values` });
    }
    const copy = (o: TypedArray): TypedArray => {
      const out = typedArrayFor(this.observationDtype, n);
      out.set(o as ArrayLike<number> & TypedArray);
      return out;
    };
    const stored: Stored = {
      observation: copy(transition.observation),
      action: typeof transition.action === 'number' ? transition.action : Float32Array.from(transition.action),
      reward: transition.reward,
      nextObservation: copy(transition.nextObservation),
      terminated: transition.terminated,
    };
    if (this.items.length < this.capacity) {
      this.items.push(stored);
      this.priorities.push(this.maxPriority);
    } else {
      this.items[this.next] = stored;
      this.priorities[this.next] = this.maxPriority;
    }
    this.next = (this.next + 1) % this.capacity;
  }

  canSample(batchSize: number): boolean {
    return this.scripted.length > 0 || this.items.length >= batchSize;
  }

  /** Makes the next `sample` call return `batch` as is (whatever batch size is asked). */
  enqueueBatch(batch: Batch): void {
    this.scripted.push(batch);
  }

  sample(batchSize: number, rng: Rng): Batch {
    this.sampleCalls += 1;
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    if (!this.canSample(batchSize)) {
      throw new ReplayError({ field: 'FakeReplayBuffer.sample(batchSize)', value: batchSize, expected: `at most ${this.items.length} (stored transitions)` });
    }
    const n = sizeOfShape(this.observationShape);
    const total = this.priorities.reduce((a, b) => a + b, 0);
    const indices = new Int32Array(batchSize);
    const probabilities = new Float32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      let index: number;
      if (this.prioritized) {
        let u = rng.uniform() * total;
        index = 0;
        while (index < this.items.length - 1 && u >= this.priorities[index]!) u -= this.priorities[index++]!;
        probabilities[i] = this.priorities[index]! / total;
      } else {
        index = rng.uniformInt(0, this.items.length);
        probabilities[i] = 1 / this.items.length;
      }
      indices[i] = index;
    }
    const weights = new Float32Array(batchSize).fill(1);
    if (this.prioritized) {
      let max = 0;
      for (let i = 0; i < batchSize; i++) {
        weights[i] = Math.pow(this.items.length * probabilities[i]!, -0.5);
        max = Math.max(max, weights[i]!);
      }
      for (let i = 0; i < batchSize; i++) weights[i]! /= max;
    }
    const observations = typedArrayFor(this.observationDtype, batchSize * n);
    const nextObservations = typedArrayFor(this.observationDtype, batchSize * n);
    const actions = new Int32Array(batchSize);
    const actionVectors = this.actionSize > 0 ? new Float32Array(batchSize * this.actionSize) : undefined;
    const rewards = new Float32Array(batchSize);
    const discounts = new Float32Array(batchSize);
    indices.forEach((index, i) => {
      const item = this.items[index]!;
      (observations as Float32Array).set(item.observation as Float32Array, i * n);
      (nextObservations as Float32Array).set(item.nextObservation as Float32Array, i * n);
      if (typeof item.action === 'number') actions[i] = item.action;
      else actionVectors!.set(item.action, i * this.actionSize);
      rewards[i] = item.reward;
      discounts[i] = item.terminated ? 0 : this.gamma;
    });
    return {
      batchSize,
      observationShape: this.observationShape,
      observationDtype: this.observationDtype,
      observations,
      actions,
      ...(actionVectors ? { actionVectors } : {}),
      rewards,
      nextObservations,
      discounts,
      indices,
      weights,
      probabilities,
    };
  }

  updatePriorities(indices: Int32Array, priorities: Float32Array | Float64Array): void {
    this.priorityUpdates.push({ indices: Int32Array.from(indices), priorities: Float64Array.from(priorities) });
    if (!this.prioritized) return;
    indices.forEach((index, i) => {
      const p = priorities[i]!;
      if (index >= 0 && index < this.priorities.length) this.priorities[index] = p;
      this.maxPriority = Math.max(this.maxPriority, p);
    });
  }

  async *state(): AsyncIterable<Uint8Array> {
    const json = JSON.stringify({
      items: this.items.map((t) => ({
        ...t,
        action: typeof t.action === 'number' ? t.action : Array.from(t.action),
        observation: Array.from(t.observation),
        nextObservation: Array.from(t.nextObservation),
      })),
      priorities: this.priorities,
      next: this.next,
      maxPriority: this.maxPriority,
    });
    yield new TextEncoder().encode(json);
  }

  async restore(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      bytes.set(p, offset);
      offset += p.length;
    }
    let parsed: { items: (Omit<Stored, 'observation' | 'nextObservation' | 'action'> & { action: number | number[]; observation: number[]; nextObservation: number[] })[]; priorities: number[]; next: number; maxPriority: number };
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      throw new StateError({ field: 'FakeReplayBuffer.restore', value: bytes.length, expected: 'bytes from state()' }, { cause: error });
    }
    const n = sizeOfShape(this.observationShape);
    const toArray = (values: number[]): TypedArray => {
      const out = typedArrayFor(this.observationDtype, n);
      out.set(values);
      return out;
    };
    this.items.length = 0;
    for (const t of parsed.items) {
      const action = typeof t.action === 'number' ? t.action : Float32Array.from(t.action);
      this.items.push({ ...t, action, observation: toArray(t.observation), nextObservation: toArray(t.nextObservation) });
    }
    this.priorities.length = 0;
    this.priorities.push(...parsed.priorities);
    this.next = parsed.next;
    this.maxPriority = parsed.maxPriority;
  }
}
