import {
  checkPositiveInteger,
  dtypeOf,
  ReplayError,
  StateError,
  typedArrayFor,
  type Batch,
  type ReplayBuffer,
  type Rng,
  type Transition,
  type TypedArray,
} from '@prunerl/core';
import type { ResolvedReplayOptions } from '../options/replay-buffer-options';
import { ByteStreamReader } from '../state/byte-stream-reader';
import { crc32 } from '../state/crc32';
import {
  MAX_HEADER_BYTES,
  platformIsLittleEndian,
  STATE_CHUNK_BYTES,
  STATE_FORMAT_VERSION,
  STATE_MAGIC,
  uint32Bytes,
  type ReplayStateHeader,
} from '../state/replay-state-format';
import { ChunkedArray } from '../storage/chunked-array';
import { bitsEqual, bitsOf, copyNewestFrame, interleaveFrames, shiftMatches } from '../storage/frame-kernels';
import { SlotFlags } from '../storage/slot-flags';

const { TERMINATED, TRUNCATED, CUT, FINAL, VALID, END, ALL } = SlotFlags;

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

/** All mutable contents, swapped as one object so that `restore` is all or nothing. */
interface SlotStore {
  readonly observations: ChunkedArray;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly flags: Uint8Array;
  /** Steps since the episode's first observation, capped at 255 (frame stacking only). */
  readonly positions: Uint8Array | undefined;
  /** `nextObservation` of the last transition of the unfinished episode. */
  readonly pending: TypedArray;
  hasPending: boolean;
  /** Transitions added to the unfinished episode so far. */
  episodeSteps: number;
  /** Slots ever written (the cursor is `written % capacity`). */
  written: number;
  transitionSlots: number;
  validSlots: number;
  cuts: number;
}

/** A section of extra state a subclass saves after the common ones. */
export interface ExtraSection {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The circular store both buffers of this package share, after Dopamine's `OutOfGraphReplayBuffer`
 * (`dopamine/replay_memory/circular_replay_buffer.py`): transitions go into fixed typed arrays at a
 * cursor that wraps, observations are stored once, frame stacks and n-step returns are assembled
 * when sampling.
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
 * {@link CircularReplayBuffer.onInvalidated}) to keep their sampling structures in step.
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
  private readonly gammaPowers: Float64Array;
  private readonly batchShape: readonly number[];
  /** Scratch for {@link readStack}: where each frame of a stack comes from. */
  private readonly frameSources: TypedArray[];
  private readonly frameOffsets: number[];
  private readonly zeroFrame: TypedArray;
  /** Incremented by every mutation, so a `state()` stream can tell it was overtaken. */
  private mutations = 0;

  protected constructor(config: ResolvedReplayOptions) {
    this.config = config;
    this.capacity = config.capacity;
    this.store = this.createStore();
    this.gammaPowers = new Float64Array(config.nStep + 1);
    for (let k = 0; k <= config.nStep; k++) this.gammaPowers[k] = config.gamma ** k;
    this.batchShape = Object.freeze([...config.observationShape]);
    this.zeroFrame = typedArrayFor(config.observationDtype, config.slotSize);
    this.frameSources = new Array<TypedArray>(config.frameStack).fill(this.zeroFrame);
    this.frameOffsets = new Array<number>(config.frameStack).fill(0);
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
      slots: Math.min(s.written, this.capacity),
      transitions: s.transitionSlots,
      sampleable: s.validSlots,
      cuts: s.cuts,
      allocatedBytes:
        s.observations.allocatedBytes() + s.actions.byteLength + s.rewards.byteLength + s.flags.byteLength + (s.positions?.byteLength ?? 0) + this.extraAllocatedBytes(),
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
   * non-integer action, a non-finite reward, or frames that break those rules; the buffer is then
   * unchanged.
   */
  add(transition: Transition<TypedArray>): void {
    this.checkTransition(transition);
    const s = this.store;
    const K = this.config.frameStack;
    const cut = s.hasPending && !bitsEqual(transition.observation, s.pending);
    const startsEpisode = !s.hasPending || cut;
    if (K > 1) {
      if (startsEpisode) this.checkEpisodeStart(transition.observation, s.hasPending);
      this.checkShift(transition.observation, transition.nextObservation);
    }

    this.mutations++;
    if (cut) {
      s.flags[this.slotAtAge(this.storedSlots() - 1)]! |= CUT;
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
      const age = this.storedSlots() - 1 - this.config.nStep;
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
    return this.assemble(indices, probabilities, weights);
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
    if (!platformIsLittleEndian()) {
      throw new StateError({ field: 'state()', value: 'big-endian platform', expected: 'a little-endian platform' });
    }
    const startedAt = this.mutations;
    const s = this.store;
    const stored = this.storedSlots();
    const sections: ExtraSection[] = [
      { name: 'flags', bytes: bytesOf(s.flags.subarray(0, stored)) },
      { name: 'actions', bytes: bytesOf(s.actions.subarray(0, stored)) },
      { name: 'rewards', bytes: bytesOf(s.rewards.subarray(0, stored)) },
      ...(s.positions ? [{ name: 'positions', bytes: bytesOf(s.positions.subarray(0, stored)) }] : []),
      ...s.observations.byteViews(stored).map((bytes, i) => ({ name: `observations.${i}`, bytes })),
      { name: 'pending', bytes: s.hasPending ? bytesOf(s.pending) : new Uint8Array(0) },
      ...this.extraSections(stored),
    ];
    const header: ReplayStateHeader = {
      format: '@prunerl/replay',
      buffer: this.kind(),
      config: this.stateConfig(),
      counters: {
        written: s.written,
        transitionSlots: s.transitionSlots,
        validSlots: s.validSlots,
        hasPending: s.hasPending,
        episodeSteps: s.episodeSteps,
        cuts: s.cuts,
        ...this.extraCounters(),
      },
      sections: sections.map((section) => [section.name, section.bytes.length] as const),
    };
    const headerBytes = new TextEncoder().encode(JSON.stringify(header));
    const preamble = new Uint8Array(16 + headerBytes.length + 4);
    preamble.set(new TextEncoder().encode(STATE_MAGIC), 0);
    preamble.set(uint32Bytes(STATE_FORMAT_VERSION), 8);
    preamble.set(uint32Bytes(headerBytes.length), 12);
    preamble.set(headerBytes, 16);
    preamble.set(uint32Bytes(crc32(headerBytes)), 16 + headerBytes.length);

    let crc = crc32(preamble);
    yield preamble;
    for (const section of sections) {
      for (let offset = 0; offset < section.bytes.length; offset += STATE_CHUNK_BYTES) {
        this.checkUnchangedSince(startedAt);
        const piece = section.bytes.slice(offset, offset + STATE_CHUNK_BYTES);
        crc = crc32(piece, crc);
        yield piece;
      }
    }
    this.checkUnchangedSince(startedAt);
    yield uint32Bytes(crc);
  }

  /**
   * Replaces the contents with a {@link state} stream. Everything is read and checked (header,
   * options, sizes, CRC-32, then the consistency of every slot) into new arrays before anything is
   * swapped in: a corrupt, truncated, trailing or mismatched stream throws a `StateError` and leaves
   * the buffer as it was. Peak memory is therefore the old contents plus the new ones (a fresh
   * buffer's untouched chunks cost nothing).
   */
  async restore(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    if (!platformIsLittleEndian()) {
      throw new StateError({ field: 'restore(state)', value: 'big-endian platform', expected: 'a little-endian platform' });
    }
    const reader = new ByteStreamReader(chunks, 'restore(state)');
    try {
      const magic = new TextDecoder().decode(await reader.read(8, 'the magic bytes'));
      if (magic !== STATE_MAGIC) {
        throw new StateError({ field: 'restore(state) magic', value: magic, expected: `"${STATE_MAGIC}" (a replay buffer state)` });
      }
      const version = await reader.readUint32('the format version');
      if (version !== STATE_FORMAT_VERSION) {
        throw new StateError({ field: 'restore(state) format version', value: version, expected: `${STATE_FORMAT_VERSION}` });
      }
      const headerLength = await reader.readUint32('the header length');
      if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
        throw new StateError({ field: 'restore(state) header length', value: headerLength, expected: `2 to ${MAX_HEADER_BYTES} bytes` });
      }
      const headerBytes = await reader.read(headerLength, 'the header');
      const headerCrc = await reader.readUint32('the header checksum');
      if (crc32(headerBytes) !== headerCrc) {
        throw new StateError({ field: 'restore(state) header checksum', value: headerCrc, expected: `${crc32(headerBytes)} (the header is corrupt)` });
      }
      const header = this.parseHeader(headerBytes);
      const counters = this.checkCounters(header.counters);

      const staged = this.createStore();
      const stored = Math.min(counters.written, this.capacity);
      const targets = new Map<string, Uint8Array>([
        ['flags', bytesOf(staged.flags.subarray(0, stored))],
        ['actions', bytesOf(staged.actions.subarray(0, stored))],
        ['rewards', bytesOf(staged.rewards.subarray(0, stored))],
        ...(staged.positions ? [['positions', bytesOf(staged.positions.subarray(0, stored))] as [string, Uint8Array]] : []),
        ...staged.observations.byteViews(stored).map((bytes, i) => [`observations.${i}`, bytes] as [string, Uint8Array]),
        ['pending', counters.hasPending ? bytesOf(staged.pending) : new Uint8Array(0)],
      ]);
      const extraTargets = this.extraTargets(stored);
      for (const [name, bytes] of extraTargets) targets.set(name, bytes);
      const expected = [...targets.entries()].map(([name, bytes]) => [name, bytes.length] as const);
      if (JSON.stringify(header.sections) !== JSON.stringify(expected)) {
        throw new StateError({
          field: 'restore(state) sections',
          value: header.sections,
          expected: `${JSON.stringify(expected)} for these counters and options`,
        });
      }
      for (const [name, bytes] of targets) await reader.readInto(bytes, `section ${name}`);
      const computed = reader.crc;
      reader.checksumming = false;
      const storedCrc = await reader.readUint32('the checksum');
      if (storedCrc !== computed) {
        throw new StateError({ field: 'restore(state) checksum', value: storedCrc, expected: `${computed} (the data is corrupt)` });
      }
      await reader.expectEnd();

      Object.assign(staged, {
        written: counters.written,
        transitionSlots: counters.transitionSlots,
        validSlots: counters.validSlots,
        hasPending: counters.hasPending,
        episodeSteps: counters.episodeSteps,
        cuts: counters.cuts,
      });
      this.checkConsistency(staged);
      const commitExtra = this.prepareExtra(staged, header.counters, extraTargets);
      this.store = staged;
      commitExtra();
      this.mutations++;
    } finally {
      await reader.close();
    }
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

  /** Extra options saved in the header (must match on restore). */
  protected extraConfig(): Record<string, number | string> {
    return {};
  }

  /** Extra counters saved in the header. */
  protected extraCounters(): Record<string, number> {
    return {};
  }

  /** Extra sections saved after the common ones, covering slots `[0, stored)`. */
  protected extraSections(_stored: number): ExtraSection[] {
    return [];
  }

  /** Where {@link extraSections} are read to on restore (fresh arrays, in the same order). */
  protected extraTargets(_stored: number): Map<string, Uint8Array> {
    return new Map();
  }

  /**
   * Checks the restored extra sections against the restored slots (throwing a `StateError`) and
   * returns the function that installs them; it runs only once everything has been checked.
   */
  protected prepareExtra(_store: Readonly<SlotStoreView>, _counters: Record<string, unknown>, _targets: Map<string, Uint8Array>): () => void {
    return () => {};
  }

  /** Bytes a subclass allocated for its sampler. */
  protected extraAllocatedBytes(): number {
    return 0;
  }

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
    const stored = this.storedSlots();
    const valid = this.store.validSlots;
    if (stored > 32 * valid) {
      const list = new Int32Array(valid);
      let n = 0;
      for (let age = 0; age < stored; age++) {
        const slot = this.slotAtAge(age);
        if (this.isValid(slot)) list[n++] = slot;
      }
      for (let k = 0; k < count; k++) indices[k] = list[rng.uniformInt(0, valid)]!;
      return;
    }
    for (let k = 0; k < count; k++) {
      let slot: number;
      do slot = this.slotAtAge(rng.uniformInt(0, stored));
      while (!this.isValid(slot));
      indices[k] = slot;
    }
  }

  // ---- slots ----------------------------------------------------------------------------------

  private createStore(): SlotStore {
    const { capacity, observationDtype, slotSize, frameStack, observationSize } = this.config;
    return {
      observations: new ChunkedArray(observationDtype, capacity, slotSize),
      actions: new Int32Array(capacity),
      rewards: new Float32Array(capacity),
      flags: new Uint8Array(capacity),
      positions: frameStack > 1 ? new Uint8Array(capacity) : undefined,
      pending: typedArrayFor(observationDtype, observationSize),
      hasPending: false,
      episodeSteps: 0,
      written: 0,
      transitionSlots: 0,
      validSlots: 0,
      cuts: 0,
    };
  }

  private storedSlots(store: SlotStore = this.store): number {
    return Math.min(store.written, this.capacity);
  }

  private oldestSlot(store: SlotStore = this.store): number {
    return store.written >= this.capacity ? store.written % this.capacity : 0;
  }

  private slotAtAge(age: number, store: SlotStore = this.store): number {
    return (this.oldestSlot(store) + age) % this.capacity;
  }

  /** Writes one slot at the cursor, overwriting the oldest when full. */
  private writeSlot(observation: TypedArray, action: number, reward: number, flags: number): void {
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
    s.actions[slot] = action;
    s.rewards[slot] = reward;
    s.flags[slot] = flags;
    if (s.positions) s.positions[slot] = Math.min(255, s.episodeSteps);
    if (!(flags & FINAL)) s.transitionSlots++;
    if (s.positions && s.written > this.capacity) {
      // The oldest K - 1 slots may have lost the frames their stacks need.
      for (let age = 0; age < K - 1; age++) {
        const old = this.slotAtAge(age);
        if (s.flags[old]! & VALID && !this.stackInBuffer(old, age)) {
          s.flags[old]! &= ~VALID;
          s.validSlots--;
          this.onInvalidated(old);
        }
      }
    }
  }

  /** After an episode's final observation: its last transitions' windows are complete. */
  private completeEpisode(): void {
    const finalAge = this.storedSlots() - 1;
    const steps = Math.min(this.config.nStep + 1, this.store.episodeSteps);
    for (let k = 1; k <= steps && finalAge - k >= 0; k++) this.completeAt(finalAge - k);
  }

  /** Marks the transition at `age` valid if it is not yet and its frame stack is in the buffer. */
  private completeAt(age: number): void {
    const s = this.store;
    const slot = this.slotAtAge(age);
    if (s.flags[slot]! & (FINAL | VALID) || !this.stackInBuffer(slot, age)) return;
    s.flags[slot]! |= VALID;
    s.validSlots++;
    this.onValidated(slot);
  }

  /** Whether the frames `slot`'s stack needs are still stored (not overwritten). */
  private stackInBuffer(slot: number, age: number, store: SlotStore = this.store): boolean {
    return !store.positions || Math.min(this.config.frameStack - 1, store.positions[slot]!) <= age;
  }

  // ---- batches --------------------------------------------------------------------------------

  private assemble(indices: Int32Array, probabilities: Float32Array, weights: Float32Array): Batch {
    const s = this.store;
    const { nStep, observationDtype, observationSize } = this.config;
    const batchSize = indices.length;
    const observations = typedArrayFor(observationDtype, batchSize * observationSize);
    const nextObservations = typedArrayFor(observationDtype, batchSize * observationSize);
    const actions = new Int32Array(batchSize);
    const rewards = new Float32Array(batchSize);
    const discounts = new Float32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      const slot = indices[i]!;
      let reward = 0;
      let m = 0;
      let discount = 0;
      for (;;) {
        const step = (slot + m) % this.capacity;
        reward += this.gammaPowers[m]! * s.rewards[step]!;
        m++;
        const flags = s.flags[step]!;
        if (flags & TERMINATED) {
          discount = 0;
          break;
        }
        if (flags & END || m === nStep) {
          discount = this.gammaPowers[m]!;
          break;
        }
      }
      actions[i] = s.actions[slot]!;
      rewards[i] = reward;
      discounts[i] = discount;
      this.readStack(slot, observations, i * observationSize);
      this.readStack((slot + m) % this.capacity, nextObservations, i * observationSize);
    }
    return {
      batchSize,
      observationShape: this.batchShape,
      observationDtype,
      observations,
      actions,
      rewards,
      nextObservations,
      discounts,
      indices,
      weights,
      probabilities,
    };
  }

  /** The observation of `slot` (its frame stack rebuilt when stacking) into `out` at `at`. */
  private readStack(slot: number, out: TypedArray, at: number, store: SlotStore = this.store): void {
    const K = this.config.frameStack;
    const observations = store.observations;
    if (K === 1) {
      observations.read(slot, out, at);
      return;
    }
    const position = store.positions![slot]!;
    const back = Math.min(K - 1, position);
    const sources = this.frameSources;
    const offsets = this.frameOffsets;
    for (let frame = 0; frame < K; frame++) {
      const distance = K - 1 - frame;
      if (distance <= back || this.config.stackPadding === 'first-frame') {
        const source = (slot - (distance <= back ? distance : position) + this.capacity) % this.capacity;
        sources[frame] = observations.chunkOf(source);
        offsets[frame] = observations.offsetOf(source);
      } else {
        sources[frame] = this.zeroFrame;
        offsets[frame] = 0;
      }
    }
    interleaveFrames(sources, offsets, K, this.config.slotSize, out, at);
  }


  // ---- checks ---------------------------------------------------------------------------------

  private checkTransition(t: Transition<TypedArray>): void {
    if (t === null || typeof t !== 'object') {
      throw new ReplayError({ field: 'add(transition)', value: t, expected: 'a transition object' });
    }
    this.checkObservation('add(transition).observation', t.observation);
    this.checkObservation('add(transition).nextObservation', t.nextObservation);
    if (!Number.isInteger(t.action) || t.action < -(2 ** 31) || t.action >= 2 ** 31) {
      throw new ReplayError({ field: 'add(transition).action', value: t.action, expected: 'an integer (int32)' });
    }
    if (typeof t.reward !== 'number' || !Number.isFinite(t.reward)) {
      throw new ReplayError({ field: 'add(transition).reward', value: t.reward, expected: 'a finite number' });
    }
    if (typeof t.terminated !== 'boolean') {
      throw new ReplayError({ field: 'add(transition).terminated', value: t.terminated, expected: 'true or false' });
    }
    if (typeof t.truncated !== 'boolean') {
      throw new ReplayError({ field: 'add(transition).truncated', value: t.truncated, expected: 'true or false' });
    }
  }

  private checkObservation(field: string, value: unknown): void {
    const { observationDtype, observationSize, observationShape } = this.config;
    if (dtypeOf(value) !== observationDtype || (value as TypedArray).length !== observationSize) {
      throw new ReplayError({
        field,
        value,
        expected: `a ${typedArrayFor(observationDtype, 0).constructor.name} of ${observationSize} values (shape [${observationShape.join(', ')}], ${observationDtype})`,
      });
    }
  }

  /** A stack that opens an episode: every frame but the newest is padding. */
  private checkEpisodeStart(observation: TypedArray, continuing: boolean): void {
    const K = this.config.frameStack;
    const bits = bitsOf(observation);
    const words = bits.length / observation.length;
    const frameLength = this.config.slotSize;
    const firstFrame = this.config.stackPadding === 'first-frame';
    for (let p = 0; p < frameLength; p++) {
      for (let frame = 0; frame < K - 1; frame++) {
        for (let w = 0; w < words; w++) {
          const value = bits[(p * K + frame) * words + w]!;
          const expected = firstFrame ? bits[(p * K + K - 1) * words + w]! : 0;
          if (value !== expected) {
            throw new ReplayError({
              field: 'add(transition).observation',
              value: observation,
              expected: `${continuing ? "the previous transition's nextObservation, or " : ''}the first stack of an episode (frames before the newest are ${firstFrame ? 'copies of the newest' : 'zeros'}, stackPadding "${this.config.stackPadding}")`,
            });
          }
        }
      }
    }
  }

  /** `next` must be `observation` without its oldest frame, plus one new frame. */
  private checkShift(observation: TypedArray, next: TypedArray): void {
    const K = this.config.frameStack;
    if (!shiftMatches(observation, next, K)) {
      throw new ReplayError({
        field: 'add(transition).nextObservation',
        value: next,
        expected: `the observation's newest ${K - 1} frames followed by one new frame (stacked on the last axis)`,
      });
    }
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

  // ---- restore --------------------------------------------------------------------------------

  private stateConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      capacity: c.capacity,
      observationShape: [...c.observationShape],
      observationDtype: c.observationDtype,
      nStep: c.nStep,
      gamma: c.gamma,
      frameStack: c.frameStack,
      stackPadding: c.stackPadding,
      ...this.extraConfig(),
    };
  }

  private parseHeader(bytes: Uint8Array): ReplayStateHeader {
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (cause) {
      throw new StateError({ field: 'restore(state) header', value: `${bytes.length} bytes`, expected: 'UTF-8 JSON' }, { cause });
    }
    const h = header as Partial<ReplayStateHeader> | null;
    if (
      h === null ||
      typeof h !== 'object' ||
      h.format !== '@prunerl/replay' ||
      typeof h.config !== 'object' ||
      h.config === null ||
      typeof h.counters !== 'object' ||
      h.counters === null ||
      !Array.isArray(h.sections)
    ) {
      throw new StateError({ field: 'restore(state) header', value: header, expected: 'a @prunerl/replay state header' });
    }
    if (h.buffer !== this.kind()) {
      throw new StateError({ field: 'restore(state) buffer', value: h.buffer, expected: `"${this.kind()}" (the kind of this buffer)` });
    }
    const mine = this.stateConfig();
    for (const key of new Set([...Object.keys(mine), ...Object.keys(h.config)])) {
      if (JSON.stringify(h.config[key]) !== JSON.stringify(mine[key])) {
        throw new StateError({
          field: `restore(state) config.${key}`,
          value: h.config[key],
          expected: `${JSON.stringify(mine[key])} (this buffer's option)`,
        });
      }
    }
    return h as ReplayStateHeader;
  }

  private checkCounters(counters: Record<string, unknown>): {
    written: number;
    transitionSlots: number;
    validSlots: number;
    hasPending: boolean;
    episodeSteps: number;
    cuts: number;
  } {
    const integer = (name: string, max = Number.MAX_SAFE_INTEGER): number => {
      const value = counters[name];
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
        throw new StateError({ field: `restore(state) counters.${name}`, value, expected: `an integer in [0, ${max}]` });
      }
      return value;
    };
    const written = integer('written');
    const stored = Math.min(written, this.capacity);
    const hasPending = counters.hasPending;
    if (typeof hasPending !== 'boolean') {
      throw new StateError({ field: 'restore(state) counters.hasPending', value: hasPending, expected: 'true or false' });
    }
    return {
      written,
      transitionSlots: integer('transitionSlots', stored),
      validSlots: integer('validSlots', stored),
      hasPending,
      episodeSteps: integer('episodeSteps'),
      cuts: integer('cuts'),
    };
  }

  /**
   * Checks restored slots against the invariants `add` keeps, recomputing what can be: the flag
   * bits, episode structure (every ended transition followed by a final observation, positions
   * counting up within episodes), counts, and each slot's validity from scratch.
   */
  private checkConsistency(s: SlotStore): void {
    const fail = (what: string, value: unknown, expected: string): never => {
      throw new StateError({ field: `restore(state) ${what}`, value, expected });
    };
    const stored = this.storedSlots(s);
    const K = this.config.frameStack;
    let transitions = 0;
    let valid = 0;
    for (let age = 0; age < stored; age++) {
      const slot = this.slotAtAge(age, s);
      const flags = s.flags[slot]!;
      if ((flags & ~ALL) !== 0 || (flags & FINAL && flags & (END | VALID)) || (flags & TERMINATED && flags & (TRUNCATED | CUT))) {
        fail(`flags[${slot}]`, flags, 'a valid combination of slot flags');
      }
      if (!Number.isFinite(s.rewards[slot]!)) fail(`rewards[${slot}]`, s.rewards[slot], 'a finite number');
      if (!(flags & FINAL)) transitions++;
      if (flags & VALID) valid++;
      if (age > 0) {
        const previous = s.flags[this.slotAtAge(age - 1, s)]!;
        // Exactly the slots after ended transitions hold final observations.
        const previousEnded = !(previous & FINAL) && (previous & END) !== 0;
        if (previousEnded !== ((flags & FINAL) !== 0)) {
          fail(`flags[${slot}]`, flags, 'a final observation exactly after each ended transition');
        }
        if (s.positions) {
          const expected = previous & FINAL ? 0 : Math.min(255, s.positions[this.slotAtAge(age - 1, s)]! + 1);
          if (s.positions[slot] !== expected) fail(`positions[${slot}]`, s.positions[slot], `${expected}`);
        }
      } else if (s.written <= this.capacity && s.positions && s.positions[slot] !== 0) {
        fail(`positions[${slot}]`, s.positions[slot], '0 (the first slot opens an episode)');
      }
    }
    if (transitions !== s.transitionSlots) fail('counters.transitionSlots', s.transitionSlots, `${transitions} (counted)`);
    if (valid !== s.validSlots) fail('counters.validSlots', s.validSlots, `${valid} (counted)`);
    if (stored > 0) {
      const newest = s.flags[this.slotAtAge(stored - 1, s)]!;
      const open = !(newest & FINAL);
      if (open !== s.hasPending) fail('counters.hasPending', s.hasPending, `${open} (the newest slot is ${open ? 'a transition' : 'a final observation'})`);
    } else if (s.hasPending) {
      fail('counters.hasPending', true, 'false for an empty buffer');
    }
    if (s.hasPending !== s.episodeSteps > 0) fail('counters.episodeSteps', s.episodeSteps, s.hasPending ? 'at least 1' : '0');
    if (s.hasPending && s.positions && s.positions[this.slotAtAge(stored - 1, s)] !== Math.min(255, s.episodeSteps - 1)) {
      fail('counters.episodeSteps', s.episodeSteps, 'one more than the position of the newest slot');
    }
    // Validity from first principles: a transition whose window closes inside the buffer and whose
    // stack is stored.
    for (let age = 0; age < stored; age++) {
      const slot = this.slotAtAge(age, s);
      const flags = s.flags[slot]!;
      let expected = false;
      if (!(flags & FINAL) && this.stackInBuffer(slot, age, s)) {
        let m = 0;
        for (;;) {
          if (age + m >= stored) break;
          const step = this.slotAtAge(age + m, s);
          m++;
          if (s.flags[step]! & END || m === this.config.nStep) {
            expected = age + m < stored;
            break;
          }
        }
      }
      if (expected !== ((flags & VALID) !== 0)) fail(`flags[${slot}]`, flags, `the valid bit ${expected ? 'set' : 'clear'}`);
    }
    if (K > 1 && s.hasPending) {
      const stack = typedArrayFor(this.config.observationDtype, this.config.observationSize);
      this.readStack(this.slotAtAge(stored - 1, s), stack, 0, s);
      try {
        this.checkShift(stack, s.pending);
      } catch {
        fail('pending', s.pending, 'the newest stack shifted by one frame');
      }
    }
  }
}

/** Read-only view of restored slots, for subclasses' checks. */
export interface SlotStoreView {
  readonly flags: Uint8Array;
  readonly written: number;
}

function bytesOf(array: TypedArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
