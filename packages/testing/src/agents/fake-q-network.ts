import {
  ConfigError,
  Rng,
  ShapeError,
  sizeOfShape,
  type ApplyOptions,
  type HeadDescription,
  type NetworkSpec,
  type Parameter,
  type QNetwork,
  xavierUniform,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Which head a {@link FakeQNetwork} ends with, and its settings. */
export interface FakeHeadOptions {
  /** `q` (linear), `dueling`, `c51` (logits over atoms) or `quantile` (IQN-style). Default `q`. */
  readonly kind?: 'q' | 'dueling' | 'c51' | 'quantile';
  /** Atoms of a `c51` head. Default 51. */
  readonly numAtoms?: number;
  /** Support of a `c51` head is evenly spaced on [vMin, vMax]. Defaults -10 and 10. */
  readonly vMin?: number;
  readonly vMax?: number;
  /** Factorised-Gaussian NoisyNet output layer (noise drawn from the network's own stream). */
  readonly noisy?: boolean;
  /** Cosine features of a `quantile` head. Default 8. */
  readonly embeddingSize?: number;
}

/** Options of {@link FakeQNetwork}. */
export interface FakeQNetworkOptions extends NetworkSpec {
  /** Hidden layer sizes of the MLP torso (inputs are flattened). Default [16]. */
  readonly hidden?: readonly number[];
  readonly head?: FakeHeadOptions;
}

let variableCounter = 0;

interface Layer {
  readonly name: string;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly sigmaKernel?: tf.Variable;
  readonly sigmaBias?: tf.Variable;
}

/**
 * A small but real {@link QNetwork} for agent tests: a ReLU MLP torso over flattened observations and
 * any of the four head kinds, with Xavier-uniform kernels drawn from `Rng(seed)` and zero biases.
 * Output shapes follow the contract: `q`/`dueling` `[B, A]`, `c51` logits `[B, A, numAtoms]`,
 * `quantile` `[B, numTaus, A]` at `options.taus`. A `noisy` head perturbs its output layer with
 * factorised Gaussian noise (Fortunato et al. 2018) when `apply` is called with `noise` on (the
 * default). Parameter names: `torso/dense<i>/{kernel,bias}`, `head/<layer>/{kernel,bias,sigma_*}`.
 */
export class FakeQNetwork implements QNetwork {
  readonly observationShape: readonly number[];
  readonly numActions: number;
  readonly head: HeadDescription;
  /** Number of `apply` calls, by noise flag (tests check acting does one forward pass). */
  readonly applyCalls = { noise: 0, mean: 0 };
  private readonly torso: Layer[] = [];
  private readonly headLayers: Layer[] = [];
  private readonly params: Parameter[] = [];
  private readonly headKind: 'q' | 'dueling' | 'c51' | 'quantile';
  private readonly atoms: number;
  private readonly embeddingSize: number;
  private readonly noiseRng: Rng;
  private disposed = false;

  constructor(options: FakeQNetworkOptions) {
    this.observationShape = [...options.observationShape];
    this.numActions = options.numActions;
    const headOptions = options.head ?? {};
    this.headKind = headOptions.kind ?? 'q';
    this.atoms = this.headKind === 'c51' ? (headOptions.numAtoms ?? 51) : 1;
    this.embeddingSize = headOptions.embeddingSize ?? 8;
    const noisy = headOptions.noisy ?? false;
    const scope = options.scope ?? 'net';
    const rng = Rng.fromSeed(options.seed);
    const init = rng.split('init');
    this.noiseRng = rng.split('noise');
    if (!['q', 'dueling', 'c51', 'quantile'].includes(this.headKind)) {
      throw new ConfigError({ field: 'FakeQNetwork.head.kind', value: this.headKind, expected: 'one of "q", "dueling", "c51", "quantile"' });
    }
    let width = sizeOfShape(this.observationShape);
    (options.hidden ?? [16]).forEach((units, i) => {
      this.torso.push(this.dense(`torso/dense${i}`, width, units, init, scope, false));
      width = units;
    });
    const out = this.numActions * this.atoms;
    if (this.headKind === 'dueling') {
      this.headLayers.push(this.dense('head/value', width, 1, init, scope, noisy));
      this.headLayers.push(this.dense('head/advantage', width, this.numActions, init, scope, noisy));
    } else if (this.headKind === 'quantile') {
      this.headLayers.push(this.dense('head/embedding', this.embeddingSize, width, init, scope, false));
      this.headLayers.push(this.dense('head/output', width, this.numActions, init, scope, noisy));
    } else {
      this.headLayers.push(this.dense('head/output', width, out, init, scope, noisy));
    }
    let support: Float32Array | undefined;
    if (this.headKind === 'c51') {
      const vMin = headOptions.vMin ?? -10;
      const vMax = headOptions.vMax ?? 10;
      support = Float32Array.from({ length: this.atoms }, (_, i) => vMin + ((vMax - vMin) * i) / (this.atoms - 1));
    }
    this.head = {
      kind: this.headKind,
      ...(support ? { numAtoms: this.atoms, support } : {}),
      ...(noisy ? { noisy: true } : {}),
    };
  }

  apply(observations: tf.Tensor, options: ApplyOptions = {}): tf.Tensor {
    return tf.tidy(() => this.forward(observations, options).output);
  }

  activations(observations: tf.Tensor, options: ApplyOptions = {}): Map<string, tf.Tensor> {
    const result = new Map<string, tf.Tensor>();
    tf.tidy(() => {
      const { hidden } = this.forward(observations, options);
      hidden.forEach((h, i) => result.set(this.torso[i]!.name, tf.keep(h)));
    });
    return result;
  }

  parameters(): readonly Parameter[] {
    return this.params;
  }

  copyFrom(other: QNetwork): void {
    const source = other.parameters();
    if (source.length !== this.params.length) {
      throw new ShapeError({ field: 'FakeQNetwork.copyFrom(other)', value: source.length, expected: `${this.params.length} parameters` });
    }
    this.params.forEach((p, i) => {
      const from = source[i]!;
      if (from.name !== p.name || from.variable.shape.join() !== p.variable.shape.join()) {
        throw new ShapeError({ field: 'FakeQNetwork.copyFrom(other)', value: from.name, expected: `${p.name} of shape [${p.variable.shape.join(', ')}]` });
      }
      p.variable.assign(from.variable);
    });
  }

  countParameters(): number {
    return this.params.reduce((n, p) => n + p.variable.size, 0);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.params) p.variable.dispose();
  }

  private forward(observations: tf.Tensor, options: ApplyOptions): { output: tf.Tensor; hidden: tf.Tensor[] } {
    const batch = observations.shape[0]!;
    if (observations.size !== batch * sizeOfShape(this.observationShape)) {
      throw new ShapeError({
        field: 'FakeQNetwork.apply(observations)',
        value: observations.shape,
        expected: `[B, ${this.observationShape.join(', ')}]`,
      });
    }
    const noise = options.noise ?? true;
    if (noise) this.applyCalls.noise += 1;
    else this.applyCalls.mean += 1;
    let x: tf.Tensor2D = tf.reshape(tf.cast(observations, 'float32'), [batch, -1]);
    const hidden: tf.Tensor[] = [];
    for (const layer of this.torso) {
      x = tf.relu(this.linear(x, layer, false)) as tf.Tensor2D;
      hidden.push(x);
    }
    const A = this.numActions;
    let output: tf.Tensor;
    switch (this.headKind) {
      case 'q':
        output = this.linear(x, this.headLayers[0]!, noise);
        break;
      case 'dueling': {
        const value = this.linear(x, this.headLayers[0]!, noise);
        const advantage = this.linear(x, this.headLayers[1]!, noise);
        output = tf.add(value, tf.sub(advantage, tf.mean(advantage, 1, true)));
        break;
      }
      case 'c51':
        output = tf.reshape(this.linear(x, this.headLayers[0]!, noise), [batch, A, this.atoms]);
        break;
      case 'quantile': {
        const taus = options.taus;
        if (!taus || taus.rank !== 2 || taus.shape[0] !== batch) {
          throw new ShapeError({ field: 'FakeQNetwork.apply(options.taus)', value: taus?.shape, expected: `[${batch}, numTaus]` });
        }
        const numTaus = taus.shape[1]!;
        const i = tf.range(1, this.embeddingSize + 1, 1, 'float32');
        const cosines = tf.cos(tf.mul(tf.mul(tf.reshape(taus, [batch * numTaus, 1]), i), Math.PI));
        const embedding = tf.relu(this.linear(cosines as tf.Tensor2D, this.headLayers[0]!, false));
        const features = tf.reshape(tf.mul(tf.reshape(embedding, [batch, numTaus, -1]), tf.expandDims(x, 1)), [batch * numTaus, -1]);
        output = tf.reshape(this.linear(features as tf.Tensor2D, this.headLayers[1]!, noise), [batch, numTaus, A]);
        break;
      }
    }
    return { output, hidden };
  }

  private linear(x: tf.Tensor2D, layer: Layer, noise: boolean): tf.Tensor2D {
    let kernel: tf.Tensor2D = layer.kernel as tf.Tensor2D;
    let bias: tf.Tensor = layer.bias;
    if (layer.sigmaKernel && layer.sigmaBias && noise) {
      const [fanIn, fanOut] = kernel.shape;
      const f = (v: Float32Array): Float32Array => v.map((e) => Math.sign(e) * Math.sqrt(Math.abs(e)));
      const epsIn = f(this.noiseRng.fillNormal(new Float32Array(fanIn)));
      const epsOut = f(this.noiseRng.fillNormal(new Float32Array(fanOut)));
      const outer = tf.outerProduct(tf.tensor1d(epsIn), tf.tensor1d(epsOut));
      kernel = tf.add(kernel, tf.mul(layer.sigmaKernel, outer));
      bias = tf.add(bias, tf.mul(layer.sigmaBias, tf.tensor1d(epsOut)));
    }
    return tf.add(tf.matMul(x, kernel), bias);
  }

  private dense(name: string, fanIn: number, fanOut: number, rng: Rng, scope: string, noisy: boolean): Layer {
    const values = xavierUniform([fanIn, fanOut], rng);
    const make = (suffix: string, initial: tf.Tensor, role: Parameter['role']): tf.Variable => {
      variableCounter += 1;
      const variable = tf.variable(initial, true, `${scope}/${name}/${suffix}#${variableCounter}`);
      initial.dispose();
      this.params.push({ name: `${name}/${suffix}`, variable, role, layer: name });
      return variable;
    };
    const kernel = make('kernel', tf.tensor2d(values, [fanIn, fanOut]), 'kernel');
    const bias = make('bias', tf.zeros([fanOut]), 'bias');
    if (!noisy) return { name, kernel, bias };
    const sigma = 0.5 / Math.sqrt(fanIn);
    const sigmaKernel = make('sigma_kernel', tf.fill([fanIn, fanOut], sigma), 'noise-sigma-kernel');
    const sigmaBias = make('sigma_bias', tf.fill([fanOut], sigma), 'noise-sigma-bias');
    return { name, kernel, bias, sigmaKernel, sigmaBias };
  }
}
