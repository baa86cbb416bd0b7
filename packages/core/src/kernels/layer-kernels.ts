/**
 * Fused layer kernels: a contract between backends and networks, like `FUSED_ADAM_KERNEL`: names
 * and attributes only (as tfjs-core's `kernel_names.ts`).
 *
 * tfjs records a fused layer (`tf.fused.matMul` / `tf.fused.conv2d` with a ReLU) under gradient
 * recording as three unfused ops (product, bias add, ReLU), each with its own tape node, saved-tensor
 * copies and gradient ops: about twenty engine calls per layer on every update, which on small
 * networks cost as much as the products themselves. A backend package may register kernels of
 * these names, with gradients, so that a layer is one tape node whose gradient is one ReLU mask
 * and one kernel per parameter. A network (@prunerl/networks' `denseLayer`, `conv2dLayer`) checks
 * `tf.getKernel(name, tf.getBackend())` and falls back to the tfjs ops where they are absent. Both
 * paths compute the same function.
 */

/**
 * `y = act(x W + b)`: inputs `{ x: [B, in], kernel: [in, out], bias: [out] }`, float32; attrs
 * {@link LayerKernelAttrs}; output `[B, out]`.
 */
export const DENSE_LAYER_KERNEL = 'PrunerlDenseLayer';

/**
 * `y = act(conv2d(x, filter) + b)` on NHWC: inputs `{ x: [B, H, W, Cin], filter: [k, k, Cin, Cout],
 * bias: [Cout] }`, float32; attrs {@link Conv2DLayerKernelAttrs}; output `[B, H', W', Cout]`.
 */
export const CONV2D_LAYER_KERNEL = 'PrunerlConv2DLayer';

/**
 * The ReLU's backward pass from its output: `dx = y > 0 ? dy : 0` (inputs `{ dy, y }`, one shape,
 * float32), the same values as tfjs's `dy * step(x)`.
 */
export const RELU_BACKPROP_KERNEL = 'PrunerlReluBackprop';

/** Attributes of {@link DENSE_LAYER_KERNEL}. */
export interface LayerKernelAttrs {
  readonly activation: 'relu' | 'linear';
}

/** Attributes of {@link CONV2D_LAYER_KERNEL}: strides and padding as tfjs's `conv2d` takes them. */
export interface Conv2DLayerKernelAttrs extends LayerKernelAttrs {
  readonly strides: number;
  readonly pad: 'same' | 'valid';
}
