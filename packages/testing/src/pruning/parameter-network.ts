import { StateError, type HeadDescription, type Parameter, type QNetwork } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * A stand-in {@link QNetwork} over a list of parameters, for `UpdateContext.network` when testing a
 * hook without a real network: `parameters()`, `copyFrom` (by name) and `countParameters` work;
 * `apply` and `activations` throw, since there is no forward pass. It does not own the parameters
 * (`dispose` does nothing).
 */
export class ParameterNetwork implements QNetwork {
  readonly observationShape: readonly number[] = [];
  readonly numActions = 0;
  readonly head: HeadDescription = { kind: 'q' };

  constructor(private readonly params: readonly Parameter[]) {}

  apply(): tf.Tensor {
    throw new StateError({ field: 'ParameterNetwork.apply', value: 'forward pass', expected: 'a real network (this stand-in only holds parameters)' });
  }

  activations(): Map<string, tf.Tensor> {
    throw new StateError({ field: 'ParameterNetwork.activations', value: 'forward pass', expected: 'a real network (this stand-in only holds parameters)' });
  }

  parameters(): readonly Parameter[] {
    return this.params;
  }

  copyFrom(other: QNetwork): void {
    const source = new Map(other.parameters().map((p) => [p.name, p]));
    for (const p of this.params) {
      const from = source.get(p.name);
      if (!from) throw new StateError({ field: 'ParameterNetwork.copyFrom', value: p.name, expected: 'a network with the same parameter names' });
      p.variable.assign(from.variable);
    }
  }

  countParameters(): number {
    return this.params.reduce((a, p) => a + p.variable.size, 0);
  }

  dispose(): void {}
}
