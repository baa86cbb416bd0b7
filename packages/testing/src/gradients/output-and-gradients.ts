import * as tf from '@tensorflow/tfjs-core';

/**
 * For kernel and layer tests: the output of `f` and the gradients of a weighted sum of it w.r.t.
 * each of `xs`, as plain arrays, to compare two implementations of one function (a fused kernel
 * and the ops it replaces). The weights make every output element's gradient path distinct.
 */
export function outputAndGradients(f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[]): Float32Array[] {
  return tf.tidy(() => {
    const y = f(...xs);
    const weights = tf.reshape(tf.linspace(-1, 1, y.size), y.shape);
    const { grads } = tf.valueAndGrads((...inputs: tf.Tensor[]) => tf.sum(tf.mul(f(...inputs), weights)) as tf.Scalar)(xs);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

/** Largest absolute difference of two arrays of one length. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
