import { checkKnownKeys, checkNumber, checkOneOf, ConfigError, ShapeError, type Augmentation, type Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Which crop offsets {@link DrQAugmentation} draws along each spatial axis. */
export type CropRange = 'full' | 'dopamine';

/** Options of {@link DrQAugmentation}; the defaults are DrQ's (Kostrikov et al. 2021) Atari values. */
export interface DrQAugmentationOptions {
  /**
   * Pixels of edge-replicated padding on each side of both spatial axes before the random crop back
   * to the original size. Default 4. With 0 the images are not shifted.
   */
  readonly pad?: number;
  /**
   * Scale `s` of the intensity noise: each image is multiplied by `1 + s * clip(n, -c, c)`, with one
   * standard normal `n` per image. Default 0.05. With 0 no intensity noise is applied.
   */
  readonly intensityScale?: number;
  /** The clip `c` of the intensity noise. Default 2. */
  readonly intensityClip?: number;
  /**
   * `full` (default): crop offsets uniform in `{0, ..., 2 pad}` along each axis, every crop of the
   * padded image, as DrQ's `ReplicationPad2d` + `RandomCrop` draw them. `dopamine`: offsets in
   * `{0, ..., 2 pad - 1}`, as Dopamine's JAX port (`jax.random.randint` with an exclusive `maxval`
   * of `2 pad`) draws them; the shift is then `-pad .. pad - 1`.
   */
  readonly cropRange?: CropRange;
}

const KEYS = ['pad', 'intensityScale', 'intensityClip', 'cropRange'] as const;

/**
 * DrQ's image augmentation as Dopamine's Atari-100k agents apply it (`drq_image_augmentation`,
 * PAPER.md 2.2, DrQ(epsilon)): every image of a batch `[B, H, W, C]` is padded by `pad` pixels on each
 * side with its edge values, cropped back to `H x W` at a random offset (one per image, the same for
 * all channels, i.e. for all stacked frames), then multiplied by its own intensity factor
 * `1 + intensityScale * clip(N(0, 1), -2, 2)` (Schwarzer et al. 2021).
 *
 * The pad and crop are done as one gather: output pixel `(i, j)` of image `b` is input pixel
 * `(clamp(i + dy_b - pad, 0, H - 1), clamp(j + dx_b - pad, 0, W - 1))`, which is exactly the crop of
 * the edge-padded image without building it. Draws, in order: `dy_b, dx_b` for every image (when
 * `pad > 0`), then one normal per image (when `intensityScale > 0`). With `pad = 0` and
 * `intensityScale = 0` it returns a copy of its input and draws nothing.
 *
 * Observations that are not images (rank 2, `[B, features]`) take only the intensity noise, and only
 * with `pad = 0`.
 *
 * @example
 * ```ts
 * const augmentation = new DrQAugmentation({ pad: 4 });
 * const agent = new DQNAgent({ ...components, augmentation }); // or augmentation: { pad: 4 }
 * ```
 */
export class DrQAugmentation implements Augmentation {
  readonly name = 'drq';
  readonly pad: number;
  readonly intensityScale: number;
  readonly intensityClip: number;
  readonly cropRange: CropRange;

  constructor(options: DrQAugmentationOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError({ field: 'DrQAugmentation', value: options, expected: 'an options object { pad, intensityScale, intensityClip, cropRange }' });
    }
    checkKnownKeys('DrQAugmentation options', options, KEYS);
    this.pad = checkNumber('DrQAugmentation.pad', options.pad ?? 4, { min: 0, integer: true });
    this.intensityScale = checkNumber('DrQAugmentation.intensityScale', options.intensityScale ?? 0.05, { min: 0 });
    this.intensityClip = checkNumber('DrQAugmentation.intensityClip', options.intensityClip ?? 2, { min: 0 });
    this.cropRange = checkOneOf('DrQAugmentation.cropRange', options.cropRange ?? 'full', ['full', 'dopamine']);
  }

  /**
   * Throws a `ConfigError` naming `field` when observations of `observationShape` (one observation,
   * no batch axis) cannot be augmented: padding needs images `[H, W, C]`.
   */
  checkObservationShape(observationShape: readonly number[], field: string): void {
    if (this.pad > 0 && observationShape.length !== 3) {
      throw new ConfigError({
        field,
        value: observationShape,
        expected: `image observations [H, W, C] for pad ${this.pad} (use pad 0 for intensity noise only)`,
      });
    }
  }

  /** Augments `observations` `[B, H, W, C]` (or `[B, features]` with `pad = 0`); the caller disposes the result. */
  apply(observations: tf.Tensor, rng: Rng): tf.Tensor {
    const shape = observations.shape;
    if (this.pad > 0 ? shape.length !== 4 : shape.length < 2) {
      throw new ShapeError({
        field: 'DrQAugmentation.apply(observations)',
        value: shape,
        expected: this.pad > 0 ? `a batch of images [B, H, W, C] for pad ${this.pad}` : 'a batch [B, ...]',
      });
    }
    const batch = shape[0]!;
    const indices = this.pad > 0 ? this.cropIndices(shape as [number, number, number, number], rng) : undefined;
    const factors = this.intensityScale > 0 ? this.intensityFactors(batch, rng) : undefined;
    return tf.tidy(() => {
      let out: tf.Tensor = observations;
      if (indices) {
        const [, h, w, c] = shape as [number, number, number, number];
        out = tf.reshape(tf.gather(tf.reshape(out, [batch * h * w, c]), tf.tensor1d(indices, 'int32')), shape);
      }
      if (factors) {
        const broadcast = [batch, ...new Array<number>(shape.length - 1).fill(1)];
        out = tf.mul(out, tf.tensor(factors, broadcast, 'float32'));
      }
      return out === observations ? tf.clone(observations) : out;
    });
  }

  /** Flat row indices into `[B * H * W, C]` of the shifted, edge-clamped crops. */
  private cropIndices([batch, h, w]: [number, number, number, number], rng: Rng): Int32Array {
    const pad = this.pad;
    const positions = this.cropRange === 'full' ? 2 * pad + 1 : 2 * pad;
    const indices = new Int32Array(batch * h * w);
    const columns = new Int32Array(w);
    let k = 0;
    for (let b = 0; b < batch; b++) {
      const dy = rng.uniformInt(0, positions) - pad;
      const dx = rng.uniformInt(0, positions) - pad;
      for (let j = 0; j < w; j++) columns[j] = Math.min(w - 1, Math.max(0, j + dx));
      for (let i = 0; i < h; i++) {
        const row = b * h * w + Math.min(h - 1, Math.max(0, i + dy)) * w;
        for (let j = 0; j < w; j++) indices[k++] = row + columns[j]!;
      }
    }
    return indices;
  }

  private intensityFactors(batch: number, rng: Rng): Float32Array {
    const c = this.intensityClip;
    const factors = new Float32Array(batch);
    for (let b = 0; b < batch; b++) factors[b] = 1 + this.intensityScale * Math.min(c, Math.max(-c, rng.normal()));
    return factors;
  }
}
