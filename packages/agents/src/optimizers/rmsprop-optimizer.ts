import { checkBoolean, checkKnownKeys, checkNumber } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkPositive, SlotOptimizer, type SlotVariables } from './slot-optimizer';

/** Options of {@link RMSPropOptimizer}; defaults are Dopamine's TF DQN (centered, decay 0.95). */
export interface RMSPropOptions {
  /** Step size. Default 2.5e-4. */
  readonly learningRate?: number;
  /** Decay of the moving averages (PyTorch's `alpha`, TF's `rho`). Default 0.95. */
  readonly decay?: number;
  /** Momentum of the update. Default 0. */
  readonly momentum?: number;
  /** Added under the square root (TF's placement). Default 1e-5; MinAtar's reference uses 0.01. */
  readonly epsilon?: number;
  /** Subtract the squared mean gradient (centered RMSProp, Graves 2013). Default true. */
  readonly centered?: boolean;
}

const KNOWN = ['learningRate', 'decay', 'momentum', 'epsilon', 'centered'] as const;

/**
 * RMSProp as TensorFlow's `ApplyCenteredRMSProp` / `ApplyRMSProp` kernels compute it:
 * `ms <- d ms + (1 - d) g^2`, `mg <- d mg + (1 - d) g` (centered only),
 * `mom <- mu mom + lr g / sqrt(ms - mg^2 + eps)` (non-centered: `sqrt(ms + eps)`), `w <- w - mom`.
 *
 * Written here because tfjs-core's centered variant computes `sqrt(ms - (mg^2 + eps))`: epsilon is
 * subtracted, which turns into NaN at MinAtar's reference epsilon 0.01 (KNOWN.md).
 */
export class RMSPropOptimizer extends SlotOptimizer {
  readonly kind: 'rmsprop-centered' | 'rmsprop';
  readonly learningRate: number;
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(options: RMSPropOptions = {}) {
    const centered = checkBoolean('RMSPropOptimizer.centered', options.centered ?? true);
    const momentum = checkNumber('RMSPropOptimizer.momentum', options.momentum ?? 0, { min: 0, max: 1, maxExclusive: true });
    super([...(centered ? ['ms', 'mg'] : ['ms']), ...(momentum > 0 ? ['mom'] : [])]);
    checkKnownKeys('RMSPropOptimizer options', options, KNOWN);
    this.kind = centered ? 'rmsprop-centered' : 'rmsprop';
    this.centered = centered;
    this.momentum = momentum;
    this.learningRate = checkPositive('RMSPropOptimizer.learningRate', options.learningRate ?? 2.5e-4);
    this.decay = checkNumber('RMSPropOptimizer.decay', options.decay ?? 0.95, { min: 0, max: 1, maxExclusive: true });
    this.epsilon = checkPositive('RMSPropOptimizer.epsilon', options.epsilon ?? 1e-5);
  }

  /** A zero gradient and zero slots give a zero step (the denominator is at least epsilon): the entry keeps its bits. */
  readonly keepsZeros = true;

  protected stepConstants(): Record<string, tf.Scalar> {
    return {};
  }

  protected updateParameter(variable: tf.Variable, gradient: tf.Tensor, slots: SlotVariables): void {
    const decay = this.constant(this.decay);
    const rest = this.constant(1 - this.decay);
    const ms = slots.get('ms')!;
    const newMs = tf.add(tf.mul(ms, decay), tf.mul(tf.square(gradient), rest));
    let denominator = tf.add(newMs, this.constant(this.epsilon));
    if (this.centered) {
      const mg = slots.get('mg')!;
      const newMg = tf.add(tf.mul(mg, decay), tf.mul(gradient, rest));
      denominator = tf.sub(denominator, tf.square(newMg));
      mg.assign(newMg);
    }
    ms.assign(newMs);
    let update = tf.mul(tf.mul(gradient, tf.rsqrt(denominator)), this.constant(this.learningRate));
    if (this.momentum > 0) {
      const mom = slots.get('mom')!;
      update = tf.add(tf.mul(mom, this.constant(this.momentum)), update);
      mom.assign(update);
    }
    variable.assign(tf.sub(variable, update));
  }
}
