import { typedArrayFor, type Batch, type TypedArray } from '@prunerl/core';
import type { ResolvedReplayOptions } from '../options/replay-buffer-options';
import { interleaveFrames } from '../storage/frame-kernels';
import { SlotFlags } from '../storage/slot-flags';
import type { SlotStore } from '../storage/slot-store';

const { TERMINATED, END } = SlotFlags;

/**
 * Builds minibatches from stored slots: n-step returns and bootstrap discounts from the rewards and
 * end flags after each drawn slot, and observations with their frame stacks rebuilt from the slots
 * before them. Kept apart from the store because this is the part that reads the data the way an
 * agent wants it (Dopamine's `sample_transition_batch`); the store only keeps slots.
 *
 * Holds scratch arrays, so one assembler serves one buffer (not safe for concurrent use).
 */
export class BatchAssembler {
  private readonly capacity: number;
  private readonly gammaPowers: Float64Array;
  private readonly batchShape: readonly number[];
  /** Scratch for {@link BatchAssembler.readStack}: where each frame of a stack comes from. */
  private readonly frameSources: TypedArray[];
  private readonly frameOffsets: number[];
  private readonly zeroFrame: TypedArray;

  constructor(private readonly config: ResolvedReplayOptions) {
    this.capacity = config.capacity;
    this.gammaPowers = new Float64Array(config.nStep + 1);
    for (let k = 0; k <= config.nStep; k++) this.gammaPowers[k] = config.gamma ** k;
    this.batchShape = Object.freeze([...config.observationShape]);
    this.zeroFrame = typedArrayFor(config.observationDtype, config.slotSize);
    this.frameSources = new Array<TypedArray>(config.frameStack).fill(this.zeroFrame);
    this.frameOffsets = new Array<number>(config.frameStack).fill(0);
  }

  /**
   * The batch of the transitions in slots `indices`: `rewards[i] = sum_{k<m} gamma^k r_{t+k}` over
   * the `m <= n` steps before the window closed or the episode ended, `nextObservations[i]` the
   * observation `m` slots later, `discounts[i] = gamma^m`, or 0 if the episode terminated inside the
   * window (a truncated or cut episode still bootstraps from its final observation).
   */
  assemble(store: SlotStore, indices: Int32Array, probabilities: Float32Array, weights: Float32Array): Batch {
    const s = store;
    const { nStep, observationDtype, observationSize } = this.config;
    const batchSize = indices.length;
    const observations = typedArrayFor(observationDtype, batchSize * observationSize);
    const nextObservations = typedArrayFor(observationDtype, batchSize * observationSize);
    const actions = new Int32Array(batchSize);
    const { actionSize } = this.config;
    const actionVectors = s.actionVectors ? new Float32Array(batchSize * actionSize) : undefined;
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
      if (actionVectors) actionVectors.set(s.actionVectors!.subarray(slot * actionSize, (slot + 1) * actionSize), i * actionSize);
      rewards[i] = reward;
      discounts[i] = discount;
      this.readStack(s, slot, observations, i * observationSize);
      this.readStack(s, (slot + m) % this.capacity, nextObservations, i * observationSize);
    }
    return {
      batchSize,
      observationShape: this.batchShape,
      observationDtype,
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

  /**
   * The observation of `slot` into `out` at `at`: with frame stacking, its stack rebuilt from the
   * slots before it, padded (zeros, or the first frame) before the episode start.
   */
  readStack(store: SlotStore, slot: number, out: TypedArray, at: number): void {
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
}
