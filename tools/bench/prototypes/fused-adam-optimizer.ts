/**
 * Prototype of a change proposed for @prunerl/agents (not made there: the agents package belongs
 * to another work stream): `AdamOptimizer` issuing one fused kernel per parameter
 * (@prunerl/backend's `PrunerlFusedAdam`, SIMD on wasm) instead of 12 elementwise ops, whenever
 * the active backend has it. Same constants, same operation order: bit-identical weights and
 * slots (tested in @prunerl/backend). The benchmark suite times agents with it next to the
 * unchanged agents.
 *
 * The proposed agents change is this override, made in `AdamOptimizer.updateParameter` itself,
 * with the kernel name from @prunerl/core so agents need not import the backend package.
 */
import { AdamOptimizer, type AdamOptions, type SlotVariables } from '@prunerl/agents';
import { FUSED_ADAM_KERNEL, fusedAdamStep } from '@prunerl/backend';
import * as tf from '@tensorflow/tfjs-core';

export class FusedAdamOptimizer extends AdamOptimizer {
  constructor(options: AdamOptions = {}) {
    super(options);
  }

  protected override updateParameter(variable: tf.Variable, gradient: tf.Tensor, slots: SlotVariables, step: Record<string, tf.Scalar>): void {
    if (!tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend())) {
      super.updateParameter(variable, gradient, slots, step);
      return;
    }
    const t = this.iterations;
    const correction = Math.sqrt(1 - Math.pow(this.beta2, t));
    const m = slots.get('m')!;
    const v = slots.get('v')!;
    const [x, m2, v2] = fusedAdamStep(variable, gradient, m, v, {
      beta1: this.beta1,
      oneMinusBeta1: 1 - this.beta1,
      beta2: this.beta2,
      oneMinusBeta2: 1 - this.beta2,
      stepSize: (this.learningRate * correction) / (1 - Math.pow(this.beta1, t)),
      epsilon: this.epsilon * correction,
    });
    m.assign(m2);
    v.assign(v2);
    variable.assign(x);
  }
}
