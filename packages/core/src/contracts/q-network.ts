import type { Tensor } from '@tensorflow/tfjs-core';
import type { Parameter } from './parameter';

/** The kind of output a network's head produces. */
export type HeadKind = 'q' | 'dueling' | 'c51' | 'quantile' | (string & {});

/** What an agent needs to know about a head to use its output. */
export interface HeadDescription {
  readonly kind: HeadKind;
  /** Number of atoms (C51) per action; absent for other heads. */
  readonly numAtoms?: number;
  /** The fixed support z_1..z_N of a C51 head. */
  readonly support?: Float32Array;
  /** Whether the head uses NoisyNet layers (then `apply` draws noise unless told otherwise). */
  readonly noisy?: boolean;
}

/** Options of {@link QNetwork.apply}. */
export interface ApplyOptions {
  /**
   * Quantile fractions for an IQN head, shape `[batch, numTaus]`; required by `quantile` heads,
   * ignored by the others.
   */
  readonly taus?: Tensor;
  /** Draw fresh NoisyNet noise (training) or use the mean weights (`false`). Default `true`. */
  readonly noise?: boolean;
}

/**
 * A value network: a torso (feature extractor) and a head. Owns its variables.
 *
 * `apply` returns, for a batch of B observations:
 * - `q` / `dueling`: Q values `[B, numActions]`;
 * - `c51`: logits `[B, numActions, numAtoms]` (softmax over the last axis gives probabilities on
 *   `head.support`);
 * - `quantile`: quantile values `[B, numTaus, numActions]` at `options.taus`.
 */
export interface QNetwork {
  readonly observationShape: readonly number[];
  readonly numActions: number;
  readonly head: HeadDescription;
  /** Forward pass. Observations are `[B, ...observationShape]`; uint8 inputs are scaled inside. */
  apply(observations: Tensor, options?: ApplyOptions): Tensor;
  /** Every trainable variable, in a stable order. */
  parameters(): readonly Parameter[];
  /** Copies every variable's value from `other` (a network of identical structure). */
  copyFrom(other: QNetwork): void;
  /**
   * Post-activation outputs of every hidden layer, keyed by layer name, in forward order (for
   * dormant-neuron and SRank diagnostics). The caller disposes the tensors.
   */
  activations(observations: Tensor, options?: ApplyOptions): Map<string, Tensor>;
  /** Total number of scalar parameters. */
  countParameters(): number;
  /** Frees every variable. */
  dispose(): void;
  /**
   * Optional: a network for forward passes without gradients over the same parameters, faster when
   * the weights are sparse (@prunerl/networks returns its sparse-inference view), that follows
   * their changes and gives the same outputs to float rounding. Agents act through it in `eval`
   * mode. It is owned by this network: freed with it, never disposed on its own.
   */
  inferenceView?(): QNetwork;
}

/** DI token of {@link QNetwork}. */
export const QNetwork = Symbol.for('@prunerl/core/QNetwork');

/** What a {@link NetworkFactory} needs to build a network for a task. */
export interface NetworkSpec {
  readonly observationShape: readonly number[];
  readonly numActions: number;
  /** Seed of the initialisation stream; two calls with the same seed build identical weights. */
  readonly seed: number;
  /** Name prefix for the variables (`online`, `target`), so tfjs variable names stay unique. */
  readonly scope?: string;
}

/**
 * Builds networks of one configured architecture (torso, head, width) for any task. Agents get one
 * to make their online and target networks: the architecture is the factory's business, never the
 * agent's.
 */
export interface NetworkFactory {
  /** The head every network of this factory has (agents check it fits them). */
  readonly head: HeadDescription;
  create(spec: NetworkSpec): QNetwork;
}

/** DI token of {@link NetworkFactory}. */
export const NetworkFactory = Symbol.for('@prunerl/core/NetworkFactory');
