/**
 * Test fixture (not exported, not shipped): a small network implementing core's QNetwork with plain
 * tfjs ops, whose layers (valid 3x3-style convs and dense layers, ReLU between them, a linear output
 * layer) and weights tests choose by hand, plus a factory that builds it from a seed.
 */
import { Rng, type HeadDescription, type NetworkFactory, type NetworkSpec, type Parameter, type QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** One layer of a {@link HandBuiltNetwork}. */
export interface FixtureLayer {
  readonly name: string;
  readonly kind: 'conv' | 'dense';
  /** Units (dense) or feature maps (conv). */
  readonly units: number;
  /** Conv kernel size (valid padding, stride 1). Default 3. */
  readonly kernelSize?: number;
}

let instances = 0;

/** Hidden layers with ReLU (recorded as activations), the last layer linear (the Q values). */
export class HandBuiltNetwork implements QNetwork {
  readonly numActions: number;
  readonly head: HeadDescription = { kind: 'q' };
  private readonly params: Parameter[] = [];
  private readonly layers: { spec: FixtureLayer; kernel: tf.Variable; bias: tf.Variable }[] = [];

  constructor(
    readonly observationShape: readonly number[],
    specs: readonly FixtureLayer[],
    seed = 0,
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
      const kernelValues = Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * limit);
      const biasValues = Float32Array.from({ length: spec.units }, () => 0.1 * (2 * rng.uniform() - 1));
      const kernel = tf.tidy(() => tf.variable(tf.tensor(kernelValues, kernelShape), true, `hand-built-${id}/${spec.name}/kernel`));
      const bias = tf.tidy(() => tf.variable(tf.tensor1d(biasValues), true, `hand-built-${id}/${spec.name}/bias`));
      this.layers.push({ spec, kernel, bias });
      this.params.push({ name: `${spec.name}/kernel`, variable: kernel, role: 'kernel', layer: spec.name });
      this.params.push({ name: `${spec.name}/bias`, variable: bias, role: 'bias', layer: spec.name });
    }
    this.numActions = specs[specs.length - 1]!.units;
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

/** Builds {@link HandBuiltNetwork}s of one layout; remembers the seeds it was asked for. */
export class HandBuiltNetworkFactory implements NetworkFactory {
  readonly head: HeadDescription = { kind: 'q' };
  readonly seeds: number[] = [];

  constructor(private readonly specs: readonly FixtureLayer[]) {}

  create(spec: NetworkSpec): HandBuiltNetwork {
    this.seeds.push(spec.seed);
    return new HandBuiltNetwork(spec.observationShape, this.specs, spec.seed);
  }
}
