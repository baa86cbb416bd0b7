import { checkKnownKeys, checkNumber, FUSED_ADAM_KERNEL, type FusedAdamAttrs } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkPositive, SlotOptimizer, type SlotVariables } from './slot-optimizer';

/** Options of {@link AdamOptimizer}; defaults are Dopamine's `create_optimizer` (PAPER.md Table 2). */
export interface AdamOptions {
  /** Step size. Default 6.25e-5. */
  readonly learningRate?: number;
  /** First-moment decay. Default 0.9. */
  readonly beta1?: number;
  /** Second-moment decay. Default 0.999. */
  readonly beta2?: number;
  /**
   * Added to the bias-corrected root second moment. Default 1.5e-4 (the paper's value; `tf.train.adam`
   * silently falls back to the backend epsilon, 1e-7, when none is given).
   */
  readonly epsilon?: number;
}

const KNOWN = ['learningRate', 'beta1', 'beta2', 'epsilon'] as const;

/**
 * Adam (Kingma & Ba 2015) exactly as optax and PyTorch compute it:
 * `m <- b1 m + (1 - b1) g`, `v <- b2 v + (1 - b2) g^2`,
 * `w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)`.
 *
 * The update is evaluated in the algebraically identical form
 * `w - lr_t m / (sqrt(v) + eps_t)` with `lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)` and
 * `eps_t = eps sqrt(1 - b2^t)`, which costs 12 kernels per parameter on wasm (per-kernel overhead
 * dominates small networks). When the active backend registers core's `FUSED_ADAM_KERNEL`
 * (@prunerl/backend does on wasm and cpu), each parameter takes one fused kernel instead, with the
 * same constants and operation order, so the weights and moments come out bit for bit the same.
 *
 * @example
 * ```ts
 * const optimizer = new AdamOptimizer({ learningRate: 6.25e-5, epsilon: 1.5e-4 });
 * optimizer.apply(gradientsByName, network.parameters());
 * ```
 */
export class AdamOptimizer extends SlotOptimizer {
  readonly kind = 'adam';
  /** Zero gradient and moments give `m = v = 0` and a zero step: the entry keeps its bits. */
  readonly keepsZeros = true;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamOptions = {}) {
    super(['m', 'v']);
    checkKnownKeys('AdamOptimizer options', options, KNOWN);
    this.learningRate = checkPositive('AdamOptimizer.learningRate', options.learningRate ?? 6.25e-5);
    this.beta1 = checkNumber('AdamOptimizer.beta1', options.beta1 ?? 0.9, { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumber('AdamOptimizer.beta2', options.beta2 ?? 0.999, { min: 0, max: 1, maxExclusive: true });
    this.epsilon = checkPositive('AdamOptimizer.epsilon', options.epsilon ?? 1.5e-4);
  }

  /** This step's fused-kernel constants, or `undefined` when the backend has no fused kernel. */
  private fused: FusedAdamAttrs | undefined;

  protected stepConstants(t: number): Record<string, tf.Scalar> {
    const correction2 = Math.sqrt(1 - Math.pow(this.beta2, t));
    const stepSize = (this.learningRate * correction2) / (1 - Math.pow(this.beta1, t));
    const epsilon = this.epsilon * correction2;
    // Checked every step: the backend can change between calls (tests switch wasm and cpu).
    if (tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend()) !== undefined) {
      this.fused = { beta1: this.beta1, oneMinusBeta1: 1 - this.beta1, beta2: this.beta2, oneMinusBeta2: 1 - this.beta2, stepSize, epsilon };
      return {};
    }
    this.fused = undefined;
    return { stepSize: tf.scalar(stepSize), epsilon: tf.scalar(epsilon) };
  }

  protected updateParameter(variable: tf.Variable, gradient: tf.Tensor, slots: SlotVariables, step: Record<string, tf.Scalar>): void {
    const m = slots.get('m')!;
    const v = slots.get('v')!;
    if (this.fused !== undefined) {
      const attrs = this.fused as unknown as tf.NamedAttrMap;
      const [newX, newM, newV] = tf.engine().runKernel(FUSED_ADAM_KERNEL, { x: variable, g: gradient, m, v }, attrs) as unknown as tf.Tensor[];
      m.assign(newM!);
      v.assign(newV!);
      variable.assign(newX!);
      return;
    }
    const newM = tf.add(tf.mul(m, this.constant(this.beta1)), tf.mul(gradient, this.constant(1 - this.beta1)));
    const newV = tf.add(tf.mul(v, this.constant(this.beta2)), tf.mul(tf.square(gradient), this.constant(1 - this.beta2)));
    const update = tf.mul(tf.div(newM, tf.add(tf.sqrt(newV), step.epsilon!)), step.stepSize!);
    m.assign(newM);
    v.assign(newV);
    variable.assign(tf.sub(variable, update));
  }
}
