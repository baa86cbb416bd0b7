import { checkKnownKeys, checkNumber, checkOneOf, checkPositiveInteger, ShapeError, type ApplyOptions, type HeadDescription, type Parameter, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Architecture } from '../network/architecture';
import type { NetworkPlan } from '../network/network-plan';
import { SparseForward, type ParameterValues } from './sparse-forward';

/**
 * What a {@link SparseInferenceNetwork} wraps: a `QNetwork` that also tells its architecture and
 * describes its forward pass by its layers (`plan()`), which is what @prunerl/networks'
 * `TorsoHeadNetwork` is (kept structural so the network can build its own view without an import
 * cycle).
 */
export interface SparseInferenceSource extends QNetwork {
  readonly architecture: Architecture;
  plan(): NetworkPlan;
}

/** Options of {@link SparseInferenceNetwork} (and {@link SparseInferenceFactory}). */
export interface SparseInferenceOptions {
  /**
   * Use the sparse path when at least this fraction of all kernel weights is zero (masked).
   * Default 0.8: below it the wasm kernels of the dense path are faster (see docs/performance.md).
   */
  readonly threshold?: number;
  /**
   * Largest batch the sparse path takes; larger batches go to the dense path, whose batched
   * kernels amortise better. Default 16.
   */
  readonly maxBatch?: number;
  /**
   * When to rebuild the sparse weights: `on-change` (default) at the first eligible `apply` after
   * any parameter changed (a variable's `assign` gives it a new buffer, which is what is watched),
   * or `manual` (only on {@link SparseInferenceNetwork.refresh}, for callers that know when the
   * weights move and want no checks on the way).
   */
  readonly rebuild?: 'on-change' | 'manual';
}

/** Counters of what {@link SparseInferenceNetwork.apply} did. */
export interface SparseInferenceStats {
  readonly sparseCalls: number;
  readonly denseCalls: number;
  /** Times the sparse weights were (re)built. */
  readonly builds: number;
  /** Kernel sparsity at the last build, or `undefined` before any. */
  readonly sparsity: number | undefined;
  /** Whether the sparse path is in use for the current weights. */
  readonly active: boolean;
}

const KEYS = ['threshold', 'maxBatch', 'rebuild'] as const;

/**
 * A Q-network that acts through sparse inference when its weights are sparse enough: a decorator
 * around a `TorsoHeadNetwork` that keeps the `QNetwork` contract. `apply` outside gradient
 * recording, with a batch of at most `maxBatch`, uses a forward pass compiled from the current
 * weights in compressed sparse row form ({@link SparseForward}: work proportional to the
 * nonzero weights and nonzero activations) when their sparsity reaches `threshold`; everything
 * else (training forwards under `tf.variableGrads`, large batches, dense weights, NoisyNet
 * forwards that draw noise) runs the wrapped network's dense tfjs path. Both give the same
 * outputs to float rounding.
 *
 * Parameters, `copyFrom`, `activations` and `dispose` are the wrapped network's, so an agent, a
 * pruner (which masks the same variables) and checkpoints see no difference. Agents get it
 * through a {@link SparseInferenceFactory}, or by being given one as `online`/`target`.
 *
 * @example
 * ```ts
 * const online = new SparseInferenceNetwork(createQNetwork({ torso: 'impala', width: 3, observationShape: [10, 10, 4], numActions: 6, seed: 0 }));
 * // ... a pruner masks online.parameters() to 95% ...
 * const q = online.apply(observations); // the sparse path, same values as the dense one
 * ```
 */
export class SparseInferenceNetwork implements QNetwork {
  readonly threshold: number;
  readonly maxBatch: number;
  readonly rebuild: 'on-change' | 'manual';
  /** The compiled pass; `undefined` before a build, or where WebAssembly is unavailable. */
  private compiled: SparseForward | undefined;
  private watched: readonly object[] = [];
  private counters = { sparseCalls: 0, denseCalls: 0, builds: 0 };
  private readonly noisy: boolean;

  constructor(
    readonly inner: SparseInferenceSource,
    options: SparseInferenceOptions = {},
  ) {
    checkKnownKeys('SparseInferenceNetwork options', options, KEYS);
    this.threshold = checkNumber('SparseInferenceNetwork.threshold', options.threshold ?? 0.8, { min: 0, max: 1 });
    this.maxBatch = checkPositiveInteger('SparseInferenceNetwork.maxBatch', options.maxBatch ?? 16);
    this.rebuild = checkOneOf('SparseInferenceNetwork.rebuild', options.rebuild ?? 'on-change', ['on-change', 'manual'] as const);
    this.noisy = inner.head.noisy === true || inner.architecture.noisyHiddenSigma0 !== null;
  }

  get observationShape(): readonly number[] {
    return this.inner.observationShape;
  }

  get numActions(): number {
    return this.inner.numActions;
  }

  get head(): HeadDescription {
    return this.inner.head;
  }

  /** What `apply` has done so far. */
  stats(): SparseInferenceStats {
    return { ...this.counters, sparsity: this.compiled?.sparsity, active: this.compiled !== undefined && this.compiled.sparsity >= this.threshold };
  }

  /**
   * The forward pass (see the class comment for which path runs). Observations
   * `[B, ...observationShape]` of any numeric dtype, as the wrapped network takes them.
   */
  apply(observations: tf.Tensor, options: ApplyOptions = {}): tf.Tensor {
    // The compiled weights outlive the variables; a disposed network must not answer from them.
    if (this.inner.parameters()[0]?.variable.isDisposed) throw new Error('SparseInferenceNetwork.apply: the wrapped network has been disposed');
    if (!this.eligible(observations, options)) {
      this.counters.denseCalls++;
      return this.inner.apply(observations, options);
    }
    if (this.rebuild === 'on-change' && this.changed()) this.refresh();
    const compiled = this.compiled;
    if (!compiled || compiled.sparsity < this.threshold) {
      this.counters.denseCalls++;
      return this.inner.apply(observations, options);
    }
    const batch = observations.shape[0]!;
    let taus: Float32Array | undefined;
    let numTaus = 0;
    if (this.inner.head.kind === 'quantile') {
      const t = options.taus;
      if (t === undefined || t.rank !== 2 || t.shape[0] !== batch) {
        throw new ShapeError({ field: 'apply(options.taus)', value: t?.shape, expected: `quantile fractions of shape [${batch}, numTaus] for a quantile head` });
      }
      numTaus = t.shape[1]!;
      taus = Float32Array.from(t.dataSync() as ArrayLike<number>);
    }
    const { values, shape } = compiled.run(observations.dataSync() as ArrayLike<number>, batch, taus, numTaus);
    this.counters.sparseCalls++;
    return tf.tensor(values, shape, 'float32');
  }

  /**
   * Rebuilds the sparse weights from the current parameter values now (reads every parameter;
   * `on-change` networks do it by themselves).
   */
  refresh(): void {
    const parameters = this.inner.parameters();
    const values = new Map<string, ParameterValues>();
    for (const p of parameters) values.set(p.name, { shape: p.variable.shape, values: p.variable.dataSync() as Float32Array });
    this.compiled = SparseForward.compile(this.inner.plan(), values) ?? undefined;
    this.watched = parameters.map((p) => p.variable.dataId);
    this.counters.builds++;
  }

  parameters(): readonly Parameter[] {
    return this.inner.parameters();
  }

  copyFrom(other: QNetwork): void {
    this.inner.copyFrom(other instanceof SparseInferenceNetwork ? other.inner : other);
  }

  activations(observations: tf.Tensor, options?: ApplyOptions): Map<string, tf.Tensor> {
    return this.inner.activations(observations, options);
  }

  countParameters(): number {
    return this.inner.countParameters();
  }

  /** Already an inference view. */
  inferenceView(): SparseInferenceNetwork {
    return this;
  }

  dispose(): void {
    this.compiled = undefined;
    this.inner.dispose();
  }

  private eligible(observations: tf.Tensor, options: ApplyOptions): boolean {
    // A forward recorded for gradients must run the differentiable tfjs path.
    if (tf.engine().state.gradientDepth > 0) return false;
    if (this.noisy && options.noise !== false) return false;
    const shape = observations?.shape;
    if (!Array.isArray(shape) || shape[0] === undefined || shape[0] > this.maxBatch) return false;
    // Another observation shape goes to the wrapped network, which refuses it with a ShapeError (the
    // compiled walk would read past the data).
    const expected = this.inner.observationShape;
    return shape.length === expected.length + 1 && expected.every((d, i) => shape[i + 1] === d);
  }

  private changed(): boolean {
    const parameters = this.inner.parameters();
    if (parameters.length !== this.watched.length) return true;
    for (let i = 0; i < parameters.length; i++) if (parameters[i]!.variable.dataId !== this.watched[i]) return true;
    return false;
  }
}
