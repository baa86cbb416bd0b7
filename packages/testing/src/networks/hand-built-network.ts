import { Rng, type HeadDescription, type NetworkFactory, type NetworkSpec, type Parameter, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** One layer of a {@link HandBuiltNetwork}. */
export interface HandBuiltLayer {
  /** Layer name: its parameters are `<name>/kernel` and `<name>/bias`, its activation `<name>`. */
  readonly name: string;
  readonly kind: 'conv' | 'dense';
  /** Units (dense) or feature maps (conv). */
  readonly units: number;
  /** Conv kernel size (valid padding, stride 1). Default 3. */
  readonly kernelSize?: number;
  /**
   * The kernel chosen by hand: dense rows `kernel[in][out]`, or any nesting of numbers in the
   * kernel's shape (`[k, k, in, out]` for a conv). Drawn from the seed when absent.
   */
  readonly kernel?: readonly unknown[];
  /** The bias chosen by hand (`units` values). Drawn from the seed when absent. */
  readonly bias?: readonly number[];
}

/** One dense layer given by its weights (see {@link HandBuiltNetwork.fromWeights}). */
export interface DenseWeights {
  /** `kernel[in][out]`. */
  readonly kernel: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

let instances = 0;

/**
 * A small {@link QNetwork} made of plain tfjs ops whose layers, and optionally weights, a test
 * chooses by hand: valid stride-1 convolutions and dense layers (inputs flattened before the first
 * dense layer), ReLU after every layer but the last, which is linear (the Q values). Every hidden
 * layer's post-ReLU output is an activation, named after its layer. For tests of code that reads or
 * rewrites weights and activations (diagnostics, dormant-neuron recycling, resets), where the
 * expected numbers are worked out from the weights.
 *
 * Weights not given are drawn from `Rng.fromSeed(seed).split('fixture-init')`, layer by layer: the
 * kernel from U(-1/sqrt(fanIn), 1/sqrt(fanIn)), then the bias from U(-0.1, 0.1). `head` is what the
 * network reports (its forward pass is linear outputs whatever it says), for code that checks it.
 */
export class HandBuiltNetwork implements QNetwork {
  readonly numActions: number;
  private readonly params: Parameter[] = [];
  private readonly layers: { spec: HandBuiltLayer; kernel: tf.Variable; bias: tf.Variable }[] = [];

  /**
   * Dense layers given by their weights, named `torso/dense0`, `torso/dense1`, ... and `head/dense`
   * for the last; the observation shape defaults to `[inputs of the first kernel]`.
   */
  static fromWeights(weights: readonly DenseWeights[], options: { readonly observationShape?: readonly number[]; readonly head?: HeadDescription } = {}): HandBuiltNetwork {
    const layers = weights.map((w, i): HandBuiltLayer => ({
      name: i === weights.length - 1 ? 'head/dense' : `torso/dense${i}`,
      kind: 'dense',
      units: w.bias.length,
      kernel: w.kernel,
      bias: w.bias,
    }));
    return new HandBuiltNetwork(options.observationShape ?? [weights[0]!.kernel.length], layers, 0, options.head);
  }

  constructor(
    readonly observationShape: readonly number[],
    specs: readonly HandBuiltLayer[],
    seed = 0,
    readonly head: HeadDescription = { kind: 'q' },
  ) {
    const id = instances++;
    const rng = Rng.fromSeed(seed).split('fixture-init');
    let shape = [...observationShape];
    for (const spec of specs) {
      let kernelShape: number[];
      if (spec.kind === 'conv') {
        const k = spec.kernelSize ?? 3;
        kernelShape = [k, k, shape[2]!, spec.units];
        shape = [shape[0]! - k + 1, shape[1]! - k + 1, spec.units];
      } else {
        kernelShape = [shape.reduce((a, b) => a * b, 1), spec.units];
        shape = [spec.units];
      }
      const size = kernelShape.reduce((a, b) => a * b, 1);
      const limit = 1 / Math.sqrt(size / spec.units);
      const kernelValues = spec.kernel
        ? Float32Array.from((spec.kernel as unknown[]).flat(3) as number[])
        : Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * limit);
      const biasValues = spec.bias ? Float32Array.from(spec.bias) : Float32Array.from({ length: spec.units }, () => 0.1 * (2 * rng.uniform() - 1));
      const kernel = tf.tidy(() => tf.variable(tf.tensor(kernelValues, kernelShape), true, `hand-built-${id}/${spec.name}/kernel`));
      const bias = tf.tidy(() => tf.variable(tf.tensor1d(biasValues), true, `hand-built-${id}/${spec.name}/bias`));
      this.layers.push({ spec, kernel, bias });
      this.params.push({ name: `${spec.name}/kernel`, variable: kernel, role: 'kernel', layer: spec.name });
      this.params.push({ name: `${spec.name}/bias`, variable: bias, role: 'bias', layer: spec.name });
    }
    this.numActions = specs[specs.length - 1]?.units ?? 0;
  }

  apply(observations: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.forward(observations, undefined));
  }

  activations(observations: tf.Tensor): Map<string, tf.Tensor> {
    const recorded: [string, tf.Tensor][] = [];
    tf.tidy(() => {
      this.forward(observations, (name, t) => recorded.push([name, tf.keep(t)]));
    });
    return new Map(recorded);
  }

  parameters(): readonly Parameter[] {
    return this.params;
  }

  /** The parameter `name` (`torso/dense/kernel`). */
  parameter(name: string): tf.Variable {
    return this.params.find((p) => p.name === name)!.variable;
  }

  copyFrom(other: QNetwork): void {
    other.parameters().forEach((p, i) => this.params[i]!.variable.assign(p.variable));
  }

  countParameters(): number {
    return this.params.reduce((n, p) => n + p.variable.size, 0);
  }

  dispose(): void {
    for (const p of this.params) p.variable.dispose();
  }

  private forward(observations: tf.Tensor, record: ((name: string, t: tf.Tensor) => void) | undefined): tf.Tensor {
    let x: tf.Tensor = tf.cast(observations, 'float32');
    this.layers.forEach(({ spec, kernel, bias }, i) => {
      if (spec.kind === 'conv') {
        x = tf.add(tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'valid'), bias);
      } else {
        if (x.rank > 2) x = tf.reshape(x, [x.shape[0]!, -1]);
        x = tf.add(tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), bias);
      }
      if (i < this.layers.length - 1) {
        x = tf.relu(x);
        record?.(spec.name, x);
      }
    });
    return x;
  }
}

/** Builds {@link HandBuiltNetwork}s of one layout from each spec's seed; remembers the seeds it was asked for. */
export class HandBuiltNetworkFactory implements NetworkFactory {
  readonly head: HeadDescription = { kind: 'q' };
  readonly seeds: number[] = [];

  constructor(private readonly specs: readonly HandBuiltLayer[]) {}

  create(spec: NetworkSpec): HandBuiltNetwork {
    this.seeds.push(spec.seed);
    return new HandBuiltNetwork(spec.observationShape, this.specs, spec.seed);
  }
}
