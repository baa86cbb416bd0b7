import { checkPositiveInteger, ReplayError, StateError, type Action, type Batch, type ReplayBuffer, type Rng, type Transition, type TypedArray } from '@prunerl/core';
import { BatchAssembler } from '../assembly/batch-assembler';
import type { ResolvedReplayOptions } from '../options/replay-buffer-options';
import { checkLittleEndian, readReplayState, writeReplayState, type ReplayStateContents, type StateSection } from '../state/replay-state-codec';
import type { ReplayStatePart, RestoredSlots, StagedStatePart } from '../state/replay-state-part';
import { checkCounters, checkRestoredSlots, type RestoredCounters } from '../state/restored-slot-checks';
import { bitsEqual, copyNewestFrame } from '../storage/frame-kernels';
import { SlotFlags } from '../storage/slot-flags';
import { SlotStore } from '../storage/slot-store';
import { checkEpisodeStart, checkShift, checkTransition } from './transition-checks';

const { TERMINATED, TRUNCATED, FINAL, VALID, CUT } = SlotFlags;

/** What a buffer holds right now (for logs, tests and benchmarks). */
export interface ReplayStats {
  /** Slots written and not yet overwritten (transitions plus episode-final observations). */
  readonly slots: number;
  /** Transitions stored (equals `size`). */
  readonly transitions: number;
  /** Transitions that can be sampled now (complete n-step window and frame stack). */
  readonly sampleable: number;
  /** Episodes ended by a break in continuity rather than `terminated`/`truncated` (see `add`). */
  readonly cuts: number;
  /** Bytes of typed arrays allocated so far. */
  readonly allocatedBytes: number;
}

/** @deprecated Use `StateSection` (what a `ReplayStatePart` saves); kept for one release. */
export type ExtraSection = StateSection;

/** @deprecated Use `RestoredSlots` (what a `StagedStatePart` is checked against); kept for one release. */
export type SlotStoreView = RestoredSlots;

/**
 * The circular store both buffers of this package share, after Dopamine's `OutOfGraphReplayBuffer`
 * (`dopamine/replay_memory/circular_replay_buffer.py`): transitions go into fixed typed arrays at a
 * cursor that wraps, observations are stored once, frame stacks and n-step returns are assembled
 * when sampling (`assembly/batch-assembler.ts`).
 *
 * Slots: each transition takes one slot (observation, action, reward, end flags). When an episode
 * ends, one more slot takes its final observation, so every n-step window reads its bootstrap
 * observation from the slot after its last step, whether the episode went on, was truncated or
 * terminated. With frame stacking only the newest frame of each observation is stored; a stack is
 * rebuilt from the slots before it, padded (zeros, or the first frame) before the episode start.
 *
 * A slot is *valid* (can be sampled) when it holds a transition whose n-step window is complete
 * (the episode ended within n steps, or n more transitions followed) and whose frame stack is still
 * in the buffer. The set changes only in `add`, so it is tracked with a flag bit and a count, and
 * subclasses hear of each change ({@link CircularReplayBuffer.onValidated},
 * {@link CircularReplayBuffer.onInvalidated}) to keep their sampling structures in step. What a
 * subclass keeps beside the slots and must save with them, it hands to the constructor as
 * {@link ReplayStatePart}s; the state format itself lives in `state/replay-state-codec.ts`.
 *
 * Not safe for concurrent use: do not `add` while a `state()` stream is being read (it throws).
 */
export abstract class CircularReplayBuffer implements ReplayBuffer {
  readonly capacity: number;
  abstract readonly prioritized: boolean;
  /** Bytes one slot costs (observation frame, action, reward, flags, and any sampler structure). */
  abstract readonly bytesPerTransition: number;
  protected readonly config: ResolvedReplayOptions;
  private store: SlotStore;
  private readonly assembler: BatchAssembler;
  private readonly parts: readonly ReplayStatePart[];
  /** Incremented by every mutation, so a `state()` stream can tell it was overtaken. */
  private mutations = 0;

  /** `parts`: what the subclass keeps beside the slots and saves with them, in state order. */
  protected constructor(config: ResolvedReplayOptions, parts: readonly ReplayStatePart[] = []) {
    this.config = config;
    this.capacity = config.capacity;
    this.parts = parts;
    this.store = new SlotStore(config);
    this.assembler = new BatchAssembler(config);
  }

  /** Transitions stored (each episode end also holds one final observation, not counted here). */
  get size(): number {
    return this.store.transitionSlots;
  }

  /** Shape of one observation. */
  get observationShape(): readonly number[] {
    return this.config.observationShape;
  }

  /** The options in force, defaults filled in. */
  get options(): ResolvedReplayOptions {
    return this.config;
  }

  /** Counts of what is stored; see {@link ReplayStats}. */
  get stats(): ReplayStats {
    const s = this.store;
    return {
      slots: s.storedSlots(),
      transitions: s.transitionSlots,
      sampleable: s.validSlots,
      cuts: s.cuts,
      allocatedBytes: this.parts.reduce((bytes, part) => bytes + part.allocatedBytes, s.allocatedBytes()),
    };
  }

  /**
   * Stores one environment step. Transitions must come in episode order from one environment: the
   * next transition's `observation` is the previous one's `nextObservation` until `terminated` or
   * `truncated`. If an added observation differs from the previous `nextObservation` (say, the
   * caller reset the environment without marking the step truncated), the previous episode is
   * treated as cut there (it still bootstraps from its `nextObservation`) and counted in
   * `stats.cuts`.
   *
   * With frame stacking, `observation` must be a stack whose older frames continue the episode (or
   * are padding at its start) and `nextObservation` must be `observation` shifted by one new frame.
   *
   * Throws a `ReplayError` naming the field for an observation of the wrong dtype or length, a
   * non-integer action (or, with `actionShape`, an action that is not a `Float32Array` of that size
   * with finite values), a non-finite reward, or frames that break those rules; the buffer is then
   * unchanged.
   */
  add(transition: Transition<TypedArray, Action>): void {
    checkTransition(transition, this.config);
    const s = this.store;
    const K = this.config.frameStack;
    const cut = s.hasPending && !bitsEqual(transition.observation, s.pending);
    const startsEpisode = !s.hasPending || cut;
    if (K > 1) {
      if (startsEpisode) checkEpisodeStart(transition.observation, s.hasPending, this.config);
      checkShift(transition.observation, transition.nextObservation, K);
    }

    this.mutations++;
    if (cut) {
      s.flags[s.slotAtAge(s.storedSlots() - 1)]! |= CUT;
      s.cuts++;
      this.writeSlot(s.pending, 0, 0, FINAL);
      this.completeEpisode();
    }
    if (startsEpisode) {
      s.hasPending = false;
      s.episodeSteps = 0;
    }
    const endFlag = transition.terminated ? TERMINATED : transition.truncated ? TRUNCATED : 0;
    this.writeSlot(transition.observation, transition.action, transition.reward, endFlag);
    s.episodeSteps++;
    if (endFlag !== 0) {
      this.writeSlot(transition.nextObservation, 0, 0, FINAL);
      this.completeEpisode();
      s.hasPending = false;
      s.episodeSteps = 0;
    } else {
      s.pending.set(transition.nextObservation);
      s.hasPending = true;
      // The transition n steps back now has its n-step window (if it is in this episode).
      const age = s.storedSlots() - 1 - this.config.nStep;
      if (age >= 0 && s.episodeSteps > this.config.nStep) this.completeAt(age);
    }
  }

  /** Whether `batchSize` transitions can be sampled: at least that many have complete windows. */
  canSample(batchSize: number): boolean {
    return Number.isInteger(batchSize) && batchSize >= 1 && this.store.validSlots >= batchSize;
  }

  /**
   * A minibatch of `batchSize` transitions drawn with `rng` (the same stream state gives the same
   * batch), with n-step returns: `rewards[i] = sum_{k<m} gamma^k r_{t+k}` over the `m <= n` steps
   * before the window closed or the episode ended, `nextObservations[i]` the observation `m` steps
   * later, `discounts[i] = gamma^m`, or 0 if the episode terminated inside the window (a truncated
   * or cut episode still bootstraps from its final observation).
   *
   * Throws a `ConfigError` for a batch size that is not a positive integer, and a `ReplayError`
   * when fewer than `batchSize` transitions can be sampled (see {@link canSample}).
   */
  sample(batchSize: number, rng: Rng): Batch {
    checkPositiveInteger('sample(batchSize)', batchSize);
    if (!this.canSample(batchSize)) {
      throw new ReplayError({
        field: 'sample(batchSize)',
        value: batchSize,
        expected: `at most the ${this.store.validSlots} transitions that can be sampled now`,
        hint:
          `A transition can be sampled once its ${this.config.nStep}-step window is complete; ` +
          `${this.size} transitions are stored. Check canSample() or add more transitions first.`,
      });
    }
    const indices = new Int32Array(batchSize);
    const probabilities = new Float32Array(batchSize);
    const weights = new Float32Array(batchSize);
    this.drawSlots(batchSize, rng, indices, probabilities, weights);
    return this.assembler.assemble(this.store, indices, probabilities, weights);
  }

  abstract updatePriorities(indices: Int32Array, priorities: Float32Array | Float64Array): void;

  /**
   * The whole contents as a stream of byte chunks of at most 4 MiB (format in
   * `state/replay-state-format.ts`): a versioned JSON header with the options and counters, the
   * typed arrays of the stored slots, and a CRC-32 of everything. Chunks are copies, so they stay
   * valid after the buffer changes; the buffer must not change while the stream is read (the stream
   * then fails with a `StateError`).
   */
  async *state(): AsyncGenerator<Uint8Array, void, undefined> {
    checkLittleEndian('state()');
    const startedAt = this.mutations;
    yield* writeReplayState(this.stateContents(), () => this.checkUnchangedSince(startedAt));
  }

  /**
   * Replaces the contents with a {@link state} stream. Everything is read and checked (header,
   * options, sizes, CRC-32, then the consistency of every slot) into new arrays before anything is
   * swapped in: a corrupt, truncated, trailing or mismatched stream throws a `StateError` and leaves
   * the buffer as it was. Peak memory is therefore the old contents plus the new ones (a fresh
   * buffer's untouched chunks cost nothing).
   */
  async restore(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    let staged: { store: SlotStore; counters: RestoredCounters; parts: StagedStatePart[] } | undefined;
    const header = await readReplayState(chunks, {
      buffer: this.kind(),
      config: this.stateConfig(),
      targets: (h) => {
        const counters = checkCounters(h.counters, this.capacity);
        const stored = Math.min(counters.written, this.capacity);
        staged = { store: new SlotStore(this.config), counters, parts: this.parts.map((part) => part.stage(stored)) };
        return [...staged.store.sections(stored, counters.hasPending), ...staged.parts.flatMap((part) => part.targets)];
      },
    });
    const { store, counters, parts } = staged!;
    Object.assign(store, counters);
    checkRestoredSlots(store, this.config, this.assembler);
    const installs = parts.map((part) => part.check(store, header.counters));
    this.store = store;
    for (const install of installs) install();
    this.mutations++;
  }

  // ---- hooks for subclasses -------------------------------------------------------------------

  /** Registry name written in state headers (`uniform`, `prioritized`). */
  protected abstract kind(): string;

  /**
   * Fills `indices` with `count` valid slots drawn with `rng`, with their sampling probabilities
   * and importance weights.
   */
  protected abstract drawSlots(count: number, rng: Rng, indices: Int32Array, probabilities: Float32Array, weights: Float32Array): void;

  /** Called when `slot` becomes valid. */
  protected abstract onValidated(slot: number): void;

  /** Called when `slot` stops being valid (overwritten, or its frame stack left the buffer). */
  protected abstract onInvalidated(slot: number): void;

  /** Records a change made by a subclass (so an open `state()` stream notices it). */
  protected touch(): void {
    this.mutations++;
  }

  /** Number of slots currently valid. */
  protected get validCount(): number {
    return this.store.validSlots;
  }

  /** Whether `slot` is valid. */
  protected isValid(slot: number): boolean {
    return (this.store.flags[slot]! & VALID) !== 0;
  }

  /**
   * Uniform draws over valid slots: rejection sampling over stored slots (exactly uniform over the
   * valid ones, as Dopamine's `sample_index_batch`), or a draw from the list of valid slots when
   * fewer than 1 in 32 slots is valid, so a sparse buffer never loops for long.
   */
  protected drawUniform(count: number, rng: Rng, indices: Int32Array): void {
    const s = this.store;
    const stored = s.storedSlots();
    const valid = s.validSlots;
    if (stored > 32 * valid) {
      const list = new Int32Array(valid);
      let n = 0;
      for (let age = 0; age < stored; age++) {
        const slot = s.slotAtAge(age);
        if (this.isValid(slot)) list[n++] = slot;
      }
      for (let k = 0; k < count; k++) indices[k] = list[rng.uniformInt(0, valid)]!;
      return;
    }
    for (let k = 0; k < count; k++) {
      let slot: number;
      do slot = s.slotAtAge(rng.uniformInt(0, stored));
      while (!this.isValid(slot));
      indices[k] = slot;
    }
  }

  // ---- slots ----------------------------------------------------------------------------------

  /** Writes one slot at the cursor, overwriting the oldest when full. */
  private writeSlot(observation: TypedArray, action: Action, reward: number, flags: number): void {
    const s = this.store;
    const K = this.config.frameStack;
    const slot = s.written % this.capacity;
    if (s.written >= this.capacity) {
      const old = s.flags[slot]!;
      if (old & VALID) {
        s.validSlots--;
        this.onInvalidated(slot);
      }
      if (!(old & FINAL)) s.transitionSlots--;
    }
    s.written++;
    if (K === 1) s.observations.write(slot, observation);
    else copyNewestFrame(observation, K, s.observations.chunkOf(slot), s.observations.offsetOf(slot));
    if (typeof action === 'number') {
      s.actions[slot] = action;
      s.actionVectors?.fill(0, slot * this.config.actionSize, (slot + 1) * this.config.actionSize);
    } else {
      s.actions[slot] = 0;
      s.actionVectors!.set(action, slot * this.config.actionSize);
    }
    s.rewards[slot] = reward;
    s.flags[slot] = flags;
    if (s.positions) s.positions[slot] = Math.min(255, s.episodeSteps);
    if (!(flags & FINAL)) s.transitionSlots++;
    if (s.positions && s.written > this.capacity) {
      // The oldest K - 1 slots may have lost the frames their stacks need.
      for (let age = 0; age < K - 1; age++) {
        const old = s.slotAtAge(age);
        if (s.flags[old]! & VALID && !s.stackInBuffer(old, age)) {
          s.flags[old]! &= ~VALID;
          s.validSlots--;
          this.onInvalidated(old);
        }
      }
    }
  }

  /** After an episode's final observation: its last transitions' windows are complete. */
  private completeEpisode(): void {
    const finalAge = this.store.storedSlots() - 1;
    const steps = Math.min(this.config.nStep + 1, this.store.episodeSteps);
    for (let k = 1; k <= steps && finalAge - k >= 0; k++) this.completeAt(finalAge - k);
  }

  /** Marks the transition at `age` valid if it is not yet and its frame stack is in the buffer. */
  private completeAt(age: number): void {
    const s = this.store;
    const slot = s.slotAtAge(age);
    if (s.flags[slot]! & (FINAL | VALID) || !s.stackInBuffer(slot, age)) return;
    s.flags[slot]! |= VALID;
    s.validSlots++;
    this.onValidated(slot);
  }

  // ---- state ----------------------------------------------------------------------------------

  /** The header fields and sections of the current contents: the store's, then each part's. */
  private stateContents(): ReplayStateContents {
    const s = this.store;
    const stored = s.storedSlots();
    let counters: Record<string, unknown> = {
      written: s.written,
      transitionSlots: s.transitionSlots,
      validSlots: s.validSlots,
      hasPending: s.hasPending,
      episodeSteps: s.episodeSteps,
      cuts: s.cuts,
    };
    const sections = s.sections(stored, s.hasPending);
    for (const part of this.parts) {
      counters = { ...counters, ...part.counters() };
      sections.push(...part.sections(stored));
    }
    return { buffer: this.kind(), config: this.stateConfig(), counters, sections };
  }

  /** Options a state records and a restore must match: the store's, then each part's. */
  private stateConfig(): Record<string, unknown> {
    const c = this.config;
    return Object.assign(
      {
        capacity: c.capacity,
        observationShape: [...c.observationShape],
        observationDtype: c.observationDtype,
        nStep: c.nStep,
        gamma: c.gamma,
        frameStack: c.frameStack,
        stackPadding: c.stackPadding,
      },
      ...this.parts.map((part) => part.config),
    );
  }

  private checkUnchangedSince(mutations: number): void {
    if (this.mutations !== mutations) {
      throw new StateError({
        field: 'state()',
        value: `${this.mutations - mutations} changes`,
        expected: 'no add, updatePriorities or restore while the state stream is read',
      });
    }
  }
}
