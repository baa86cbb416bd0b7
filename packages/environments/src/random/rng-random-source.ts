import { Rng } from '@prunerl/core';
import type { RandomSource } from './random-source';

/** The stream name environments take under a seed: `Rng.fromSeed(seed).split('environment')`. */
export const ENVIRONMENT_STREAM = 'environment';

/**
 * A {@link RandomSource} over core's seeded {@link Rng}: the default source of every built-in
 * environment.
 *
 * `seed(s)` switches to the stream `Rng.fromSeed(s).split('environment')`, a pure function of `s`.
 * These streams are xoroshiro128+, not numpy's Mersenne Twister: the same seed gives the same
 * trajectory here every time, but not the trajectory Gymnasium or MinAtar produce for that seed.
 * Without a seed or an `Rng`, the source starts from an entropy seed (as Gymnasium does when
 * `reset` gets no seed).
 *
 * @example
 * ```ts
 * const source = new RngRandomSource(Rng.fromSeed(7).split('env'));
 * const env = make('MinAtar/Breakout-v1', { random: source });
 * ```
 */
export class RngRandomSource implements RandomSource {
  private rng: Rng;

  constructor(rng?: Rng) {
    this.rng = rng ?? Rng.fromSeed(entropySeed()).split(ENVIRONMENT_STREAM);
  }

  /** The stream drawn from now (for checkpoints: `rng.state()`). */
  get stream(): Rng {
    return this.rng;
  }

  random(): number {
    return this.rng.uniform();
  }

  randint(low: number, high: number): number {
    return this.rng.uniformInt(low, high);
  }

  seed(seed: number): void {
    this.rng = Rng.fromSeed(seed).split(ENVIRONMENT_STREAM);
  }
}

/** A seed for unseeded environments; only used when the caller asked for no reproducibility. */
function entropySeed(): number {
  return Math.floor(Math.random() * 2 ** 32) * 2 ** 21 + Math.floor(Math.random() * 2 ** 21);
}
