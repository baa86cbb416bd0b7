import {
  Rng,
  ShapeError,
  StateError,
  type ApplyOptions,
  type HeadDescription,
  type NamedTensorRecords,
  type Parameter,
  type QNetwork,
  type RngState,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { C51Head } from '../heads/c51-head';
import { DuelingHead } from '../heads/dueling-head';
import type { Head } from '../heads/head';
import { QHead } from '../heads/q-head';
import { QuantileHead } from '../heads/quantile-head';
import { FactorisedNoise } from '../layers/factorised-noise';
import type { ForwardContext } from '../layers/forward-context';
import { ParameterStore } from '../layers/parameter-store';
import { runLayerOps } from '../layers/run-layer-ops';
import { SparseInferenceNetwork } from '../sparse/sparse-inference-network';
import type { Torso, TorsoBuildContext } from '../torsos/torso';
import { TORSOS } from '../torsos/torso-registry';
import { decodeWeights, encodeWeights } from '../weights/weight-codec';
import type { Architecture } from './architecture';
import type { NetworkPlan } from './network-plan';

/** Where a {@link TorsoHeadNetwork} is built: the task and the seed. */
export interface TorsoHeadNetworkSpec {
  readonly observationShape: readonly number[];
  readonly numActions: number;
  /** Initialisation stream `split('init')` and NoisyNet stream `split('noise')` of `Rng.fromSeed(seed)`. */
  readonly seed: number;
  /** Prefix of the tfjs variable names (default `q-network`; made unique if taken). */
  readonly scope?: string;
}

/**
 * A Q-network made of a torso and a head, with variables it creates and names itself. Built by
 * `createQNetwork` or a `QNetworkFactory`; implements core's `QNetwork` plus weight
 * save/load and NoisyNet noise state.
 *
 * Every variable is created from `Rng.fromSeed(seed).split('init')`, one sub-stream per layer, so
 * the same seed and architecture give the same weights on every backend.
 */
export class TorsoHeadNetwork implements QNetwork {
  readonly observationShape: readonly number[];
  readonly numActions: number;
  readonly head: HeadDescription;
  private readonly store: ParameterStore;
  private readonly torso: Torso;
  private readonly headImpl: Head;
  private readonly noise: FactorisedNoise;
  private disposed = false;
  /** The sparse-inference view, built on first use (see {@link TorsoHeadNetwork.inferenceView}). */
  private view: SparseInferenceNetwork | undefined;

  constructor(
    readonly architecture: Architecture,
    spec: TorsoHeadNetworkSpec,
  ) {
    this.observationShape = Object.freeze([...spec.observationShape]);
    this.numActions = spec.numActions;
    const root = Rng.fromSeed(spec.seed);
    this.store = new ParameterStore(spec.scope ?? 'q-network', root.split('init'));
    this.noise = new FactorisedNoise(root.split('noise'));
    // A policy file written before the `stack` group existed initialised stack convolutions as the torso's.
    const init = { ...architecture.init, stack: architecture.init.stack ?? architecture.init.torso };
    const context: TorsoBuildContext = { store: this.store, observationShape: this.observationShape, init, noisySigma0: architecture.noisyHiddenSigma0 };
    try {
      this.torso = TORSOS[architecture.torso].build(context, architecture);
      this.headImpl = buildHead(architecture, this.store, this.torso, spec.numActions);
    } catch (error) {
      // A shape the torso cannot take fails after some variables exist: free them.
      for (const p of this.store.parameters()) p.variable.dispose();
      throw error;
    }
    this.head = this.headImpl.description;
  }

  /**
   * Forward pass: Q values `[B, A]` (`q`, `dueling`), logits `[B, A, atoms]` (`c51`) or quantile
   * values `[B, N, A]` at `options.taus` `[B, N]` (`quantile`). Observations `[B, ...observationShape]`
   * of any dtype are cast to float32 and multiplied by the architecture's `inputScale`.
   */
  apply(observations: tf.Tensor, options: ApplyOptions = {}): tf.Tensor {
    this.checkUsable('apply');
    this.checkObservations(observations, 'apply(observations)');
    return tf.tidy(() => this.forward(observations, options, undefined));
  }

  parameters(): readonly Parameter[] {
    return this.store.parameters();
  }

  /**
   * Copies every variable's value from `other`, matched by name; both must have the same
   * parameter names and shapes (a {@link ShapeError} otherwise, with nothing copied).
   */
  copyFrom(other: QNetwork): void {
    this.checkUsable('copyFrom');
    const mine = this.parameters();
    const theirs = new Map(other.parameters().map((p) => [p.name, p]));
    for (const p of mine) {
      const q = theirs.get(p.name);
      if (!q || !tf.util.arraysEqual(q.variable.shape, p.variable.shape)) {
        throw new ShapeError({
          field: `copyFrom(other).${p.name}`,
          value: q ? q.variable.shape : 'missing',
          expected: `a parameter of shape [${p.variable.shape.join(', ')}] (a network of the same architecture)`,
        });
      }
    }
    if (theirs.size !== mine.length) {
      const extra = [...theirs.keys()].filter((name) => !mine.some((p) => p.name === name));
      throw new ShapeError({ field: 'copyFrom(other)', value: extra, expected: 'no parameters this network does not have' });
    }
    for (const p of mine) p.variable.assign(theirs.get(p.name)!.variable);
  }

  /**
   * The post-ReLU output of every hidden layer, keyed by layer name in forward order (see the
   * torsos for which ReLU belongs to which layer). Layers after an IQN merge have B·N rows. The
   * caller disposes the tensors.
   */
  activations(observations: tf.Tensor, options: ApplyOptions = {}): Map<string, tf.Tensor> {
    this.checkUsable('activations');
    this.checkObservations(observations, 'activations(observations)');
    const recorded: [string, tf.Tensor][] = [];
    try {
      tf.tidy(() => {
        this.forward(observations, options, (layer, activation) => recorded.push([layer, tf.keep(activation)]));
      });
    } catch (error) {
      tf.dispose(recorded.map(([, t]) => t));
      throw error;
    }
    return new Map(recorded);
  }

  countParameters(): number {
    return this.parameters().reduce((total, p) => total + p.variable.size, 0);
  }

  /** Every parameter's values by name (copies). */
  getWeights(): NamedTensorRecords {
    this.checkUsable('getWeights');
    const records: NamedTensorRecords = {};
    for (const p of this.parameters()) {
      records[p.name] = { shape: [...p.variable.shape], dtype: 'float32', values: Float32Array.from(p.variable.dataSync() as Float32Array) };
    }
    return records;
  }

  /**
   * Sets every parameter from `records`. Every name must be there with the same shape and no other
   * name may be (a {@link StateError} for a missing or extra name, a {@link ShapeError} for a shape
   * mismatch); on error nothing changes.
   */
  setWeights(records: NamedTensorRecords): void {
    this.checkUsable('setWeights');
    const params = this.parameters();
    for (const p of params) {
      const record = records[p.name];
      if (!record) {
        throw new StateError({ field: `weights.${p.name}`, value: 'missing', expected: `a [${p.variable.shape.join(', ')}] float32 tensor`, hint: 'The weights come from another architecture.' });
      }
      const size = record.shape.reduce((a, b) => a * b, 1);
      if (!tf.util.arraysEqual([...record.shape], p.variable.shape) || record.dtype !== 'float32' || record.values.length !== size) {
        throw new ShapeError({ field: `weights.${p.name}`, value: { shape: record.shape, dtype: record.dtype }, expected: `a [${p.variable.shape.join(', ')}] float32 tensor` });
      }
    }
    const extra = Object.keys(records).filter((name) => !params.some((p) => p.name === name));
    if (extra.length > 0) {
      throw new StateError({ field: 'weights', value: extra, expected: 'only parameters of this network', hint: 'The weights come from another architecture.' });
    }
    tf.tidy(() => {
      for (const p of params) {
        const record = records[p.name]!;
        p.variable.assign(tf.tensor(record.values as Float32Array, p.variable.shape, 'float32'));
      }
    });
  }

  /** The weights as versioned bytes (see `encodeWeights`), with the architecture as metadata. */
  saveWeights(): Uint8Array {
    return encodeWeights(this.getWeights(), { architecture: this.architecture, observationShape: this.observationShape, numActions: this.numActions });
  }

  /** Loads {@link TorsoHeadNetwork.saveWeights}'s bytes; errors as `decodeWeights` and {@link TorsoHeadNetwork.setWeights}. */
  loadWeights(bytes: Uint8Array): void {
    this.setWeights(decodeWeights(bytes).records);
  }

  /** The NoisyNet noise stream's state (for checkpoints). */
  noiseState(): RngState {
    return this.noise.state();
  }

  /** Continues the NoisyNet noise stream from {@link TorsoHeadNetwork.noiseState}. */
  restoreNoise(state: RngState): void {
    this.noise.restore(state);
  }

  /**
   * The forward pass as this network's layers describe it (torso ops, head layers): what
   * {@link TorsoHeadNetwork.apply} runs with tfjs and sparse inference compiles.
   */
  plan(): NetworkPlan {
    return {
      observationShape: this.observationShape,
      inputScale: this.architecture.inputScale,
      encoder: this.torso.encoder,
      encodedSize: this.torso.encodedSize,
      hidden: this.torso.hidden,
      featureNorm: this.architecture.featureNorm === true,
      head: this.headImpl.plan,
    };
  }

  /**
   * This network's sparse-inference view ({@link SparseInferenceNetwork}, default options): forward
   * passes outside gradient recording go through sparse weights when at least 80% of the kernel
   * weights are zero, rebuilt when a parameter changed. Agents act through it in `eval` mode. Owned
   * by this network: do not dispose it (its `dispose` would free this network).
   */
  inferenceView(): SparseInferenceNetwork {
    this.view ??= new SparseInferenceNetwork(this);
    return this.view;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.view = undefined;
    for (const p of this.parameters()) p.variable.dispose();
  }

  private forward(observations: tf.Tensor, options: ApplyOptions, record: ForwardContext['record']): tf.Tensor {
    const noisy = this.head.noisy === true || this.architecture.noisyHiddenSigma0 !== null;
    const context: ForwardContext = { noise: noisy && options.noise !== false ? this.noise : null, ...(record ? { record } : {}) };
    let x = observations.dtype === 'float32' ? observations : tf.cast(observations, 'float32');
    if (this.architecture.inputScale !== 1) x = tf.mul(x, tf.scalar(this.architecture.inputScale));
    const encoded = runLayerOps(this.torso.encoder, x, context) as tf.Tensor2D;
    const run = (features: tf.Tensor2D): tf.Tensor2D => runLayerOps(this.torso.hidden, features, context) as tf.Tensor2D;
    const hidden = this.architecture.featureNorm ? (features: tf.Tensor2D): tf.Tensor2D => normalizeRows(run(features)) : run;
    return this.headImpl.forward(encoded, hidden, context, options);
  }

  private checkUsable(method: string): void {
    if (this.disposed) throw new StateError({ field: method, value: 'a disposed network', expected: 'a network that has not been disposed' });
  }

  private checkObservations(observations: tf.Tensor, field: string): void {
    const shape = observations?.shape;
    const ok =
      Array.isArray(shape) &&
      shape.length === this.observationShape.length + 1 &&
      shape[0]! >= 1 &&
      this.observationShape.every((d, i) => shape[i + 1] === d);
    if (!ok) {
      throw new ShapeError({ field, value: shape, expected: `a tensor of shape [batch, ${this.observationShape.join(', ')}]` });
    }
  }
}

/**
 * Each row divided by its L2 norm (Dopamine's `representation /= jnp.linalg.norm(representation)`).
 * The norm is floored at 1e-12 (as PyTorch's `F.normalize`) so that an all-zero row, possible after
 * a ReLU, gives zeros (and finite gradients) instead of the reference's NaN; any other row is divided
 * exactly. The floor is taken on the squared norm, where sqrt's gradient stays finite.
 */
function normalizeRows(features: tf.Tensor2D): tf.Tensor2D {
  const squared = tf.sum(tf.square(features), 1, true);
  return tf.div(features, tf.sqrt(tf.maximum(squared, tf.scalar(1e-24)))) as tf.Tensor2D;
}

function buildHead(a: Architecture, store: ParameterStore, torso: Torso, numActions: number): Head {
  switch (a.head) {
    case 'q':
      return new QHead(store, torso.outputSize, numActions, a.init.head, a.noisySigma0);
    case 'dueling':
      return new DuelingHead(store, torso.outputSize, numActions, a.init.head, a.noisySigma0);
    case 'c51':
      return new C51Head(store, torso.outputSize, numActions, a.numAtoms!, a.vMin!, a.vMax!, a.dueling!, a.init.head, a.noisySigma0);
    case 'quantile':
      return new QuantileHead(store, torso.encodedSize, torso.outputSize, numActions, a.embeddingDim!, a.init.head, a.noisySigma0);
  }
}
