/**
 * Test fixture (not exported, not shipped): a hand-built multilayer perceptron implementing core's
 * QNetwork with plain tfjs ops, so diagnostics are tested against weights chosen by hand.
 */
import type { ApplyOptions, HeadDescription, Parameter, QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** One dense layer: `kernel[in][out]`, `bias[out]`. */
export interface DenseLayerSpec {
  readonly kernel: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

let instances = 0;

/** ReLU hidden layers, a linear output layer (the Q head). */
export class DenseQNetwork implements QNetwork {
  readonly observationShape: readonly number[];
  readonly numActions: number;
  readonly head: HeadDescription;
  private readonly params: Parameter[] = [];
  private readonly layers: { kernel: tf.Variable; bias: tf.Variable; name: string }[] = [];

  constructor(specs: readonly DenseLayerSpec[], options: { observationShape?: readonly number[]; head?: HeadDescription } = {}) {
    const id = instances++;
    this.observationShape = options.observationShape ?? [specs[0]!.kernel.length];
    this.numActions = specs[specs.length - 1]!.bias.length;
    this.head = options.head ?? { kind: 'q' };
    specs.forEach((spec, i) => {
      const name = i === specs.length - 1 ? 'head/dense' : `torso/dense${i}`;
      const kernel = tf.variable(tf.tensor2d(spec.kernel.map((r) => [...r])), true, `fixture${id}/${name}/kernel`);
      const bias = tf.variable(tf.tensor1d([...spec.bias]), true, `fixture${id}/${name}/bias`);
      this.layers.push({ kernel, bias, name });
      this.params.push({ name: `${name}/kernel`, variable: kernel, role: 'kernel', layer: name });
      this.params.push({ name: `${name}/bias`, variable: bias, role: 'bias', layer: name });
    });
  }

  apply(observations: tf.Tensor, _options?: ApplyOptions): tf.Tensor {
    return tf.tidy(() => {
      const outputs = this.forward(observations);
      return outputs[outputs.length - 1]!;
    });
  }

  activations(observations: tf.Tensor): Map<string, tf.Tensor> {
    const outputs = tf.tidy(() => this.forward(observations));
    outputs.pop()!.dispose();
    return new Map(outputs.map((t, i) => [this.layers[i]!.name, t]));
  }

  parameters(): readonly Parameter[] {
    return this.params;
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

  private forward(observations: tf.Tensor): tf.Tensor[] {
    const batch = observations.shape[0]!;
    let x: tf.Tensor = tf.reshape(tf.cast(observations, 'float32'), [batch, -1]);
    const outputs: tf.Tensor[] = [];
    this.layers.forEach((layer, i) => {
      const z = tf.add(tf.matMul(x as tf.Tensor2D, layer.kernel as tf.Tensor2D), layer.bias);
      x = i === this.layers.length - 1 ? z : tf.relu(z);
      outputs.push(x);
    });
    return outputs;
  }
}
