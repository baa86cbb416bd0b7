import type { Parameter, UpdateContext, UpdateHook } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** A minimal pruner: at its first call it zeroes the smaller half (by magnitude) of every kernel, then keeps them zero. */
export class HalfMaskHook implements UpdateHook {
  readonly name = 'half';
  readonly masks = new Map<string, tf.Tensor>();
  seen: readonly Parameter[] = [];
  afterUpdate(context: UpdateContext): void {
    this.seen = context.parameters;
    for (const p of context.parameters) {
      if (p.role !== 'kernel') continue;
      if (!this.masks.has(p.name)) {
        const values = Array.from(p.variable.dataSync()).map(Math.abs).sort((a, b) => a - b);
        const median = values[Math.floor(values.length / 2)]!;
        this.masks.set(p.name, tf.tidy(() => tf.cast(tf.greaterEqual(tf.abs(p.variable), median), 'float32')));
      }
      tf.tidy(() => p.variable.assign(tf.mul(p.variable, this.masks.get(p.name)!)));
    }
  }
  dispose(): void {
    tf.dispose([...this.masks.values()]);
  }
}
