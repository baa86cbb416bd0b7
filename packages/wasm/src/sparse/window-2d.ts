/**
 * Window geometry of sparse inference's convolutions and pooling (NHWC, one image at a time); the
 * loops themselves are WebAssembly (`sparse-scatter-kernels.ts`).
 */

/** Geometry of one 2-D convolution or pooling on a single NHWC image. */
export interface Window2D {
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * The fields of a {@link Window2D} in the order of its int32 record ({@link windowRecord}), which
 * `gather_conv`, `scatter_conv` and `max_pool` read.
 */
export const WINDOW_FIELDS = ['inHeight', 'inWidth', 'inChannels', 'outHeight', 'outWidth', 'kernel', 'stride', 'padTop', 'padLeft'] as const satisfies readonly (keyof Window2D)[];

/** `w` as the kernels read it: 9 int32s in {@link WINDOW_FIELDS} order. */
export function windowRecord(w: Window2D): Int32Array {
  return Int32Array.from(WINDOW_FIELDS, (key) => w[key]);
}

/**
 * The window of a k x k, stride-s layer with TF padding (`same`: output ceil(n/s), padding split
 * with the extra row/column at the bottom/right; `valid`: no padding).
 */
export function window2d(inHeight: number, inWidth: number, inChannels: number, kernel: number, stride: number, padding: 'same' | 'valid'): Window2D {
  // One object shape for both paddings, so the kernels' property reads stay monomorphic.
  let outHeight: number;
  let outWidth: number;
  let padTop = 0;
  let padLeft = 0;
  if (padding === 'valid') {
    outHeight = Math.floor((inHeight - kernel) / stride) + 1;
    outWidth = Math.floor((inWidth - kernel) / stride) + 1;
  } else {
    outHeight = Math.ceil(inHeight / stride);
    outWidth = Math.ceil(inWidth / stride);
    padTop = Math.floor(Math.max((outHeight - 1) * stride + kernel - inHeight, 0) / 2);
    padLeft = Math.floor(Math.max((outWidth - 1) * stride + kernel - inWidth, 0) / 2);
  }
  return { inHeight, inWidth, inChannels, outHeight, outWidth, kernel, stride, padTop, padLeft };
}
