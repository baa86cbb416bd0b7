import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from './forward-context';
import type { LayerOp } from './layer-op';

/** Where a walk stands: the network's input (a layer fed with it computes no input gradient) and the last layer passed. */
interface Walk {
  readonly input: tf.Tensor;
  last: string;
}

/**
 * Runs `ops` on `x` with tfjs ops: a torso's forward pass (training, and the dense path of
 * acting). Activations are recorded (`context.record`) where a ReLU is applied, under the name of
 * the layer whose output it takes: a layer's own ReLU under its name, a `relu` step under the last
 * layer before it (Impala's ReLU opening a residual block belongs to the stack convolution or to
 * the previous block's `conv2`).
 *
 * `input`: the network's input, when `x` is it (a convolution fed with it may skip its input gradient).
 */
export function runLayerOps(ops: readonly LayerOp[], x: tf.Tensor, context: ForwardContext, input?: tf.Tensor): tf.Tensor {
  return walk(ops, x, context, { input: input ?? x, last: '' });
}

function walk(ops: readonly LayerOp[], x: tf.Tensor, context: ForwardContext, state: Walk): tf.Tensor {
  let h = x;
  for (const op of ops) {
    switch (op.kind) {
      case 'conv':
        h = op.layer.apply(h as tf.Tensor4D, op.activation, h === state.input);
        state.last = op.layer.name;
        if (op.activation === 'relu') context.record?.(op.layer.name, h);
        break;
      case 'dense':
        h = op.layer.apply(h as tf.Tensor2D, op.activation, context);
        state.last = op.layer.name;
        if (op.activation === 'relu') context.record?.(op.layer.name, h);
        break;
      case 'maxPool':
        h = tf.maxPool(h as tf.Tensor4D, op.size, op.stride, op.padding);
        break;
      case 'relu':
        h = tf.relu(h);
        context.record?.(state.last, h);
        break;
      case 'flatten':
        h = h.rank === 2 ? h : tf.reshape(h, [h.shape[0]!, h.size / h.shape[0]!]);
        break;
      case 'residual':
        h = tf.add(walk(op.body, h, context, state), h);
        break;
    }
  }
  return h;
}
