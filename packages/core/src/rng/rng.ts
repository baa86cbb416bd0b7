import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { ConfigError } from '../errors/config-error';
import { StateError } from '../errors/state-error';
import { deriveState } from './seed-hash';

/** Everything needed to continue a stream exactly where it was: plain JSON. */
export interface RngState {
  readonly version: 1;
  /** The run seed the stream was derived from. */
  readonly seed: number;
  /** The stream's name path, e.g. `root/env/0`. */
  readonly path: string;
  /** The xoroshiro128+ state words. */
  readonly words: readonly number[];
  /** The second Box-Muller normal of the last pair, not yet handed out. */
  readonly spareNormal: number | null;
}

/**
 * A seeded, splittable random number generator.
 *
 * One seed per run; each consumer takes its own named stream with {@link Rng.split} (`env`,
 * `exploration`, `replay`, `init`, `pruning`, ...), so adding draws in one place never shifts another.
 * A stream is a pure function of (seed, path): `root.split('env')` gives the same sequence every time
 * it is called, whatever was drawn from `root` before.
 *
 * The generator is xoroshiro128+ from `pure-rand` (fast-check's PRNG library); its 128-bit state is
 * derived from the seed and the path by hashing, so streams do not overlap in practice.
 *
 * @example
 * ```ts
 * const root = Rng.fromSeed(42);
 * const envRng = root.split('env');
 * const u = envRng.uniform();          // in [0, 1)
 * const a = envRng.uniformInt(0, 6);   // in {0, ..., 5}
 * ```
 */
export class Rng {
  private generator: JumpableRandomGenerator;
  private spareNormal: number | null = null;

  private constructor(
    readonly seed: number,
    readonly path: string,
    words: readonly number[],
  ) {
    this.generator = xoroshiro128plusFromState(words);
  }

  /** The root stream of a run. `seed` must be an integer in [0, 2^53). */
  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ConfigError({ field: 'seed', value: seed, expected: 'an integer in [0, 2^53)' });
    }
    return new Rng(seed, 'root', deriveState(seed, 'root'));
  }

  /** Rebuilds a stream from {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    Rng.validateState(state);
    const rng = new Rng(state.seed, state.path, state.words);
    rng.spareNormal = state.spareNormal;
    return rng;
  }

  /** An independent stream named `name` under this one (path `this.path/name`). */
  split(name: string | number): Rng {
    const label = String(name);
    if (label.length === 0 || label.includes('/')) {
      throw new ConfigError({ field: 'Rng.split(name)', value: name, expected: 'a non-empty name without "/"' });
    }
    const path = `${this.path}/${label}`;
    return new Rng(this.seed, path, deriveState(this.seed, path));
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.generator);
  }

  /** A uniform integer in [low, high) (half-open, like numpy's `randint(low, high)`). */
  uniformInt(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) {
      throw new ConfigError({
        field: 'Rng.uniformInt(low, high)',
        value: [low, high],
        expected: 'integers with low < high',
      });
    }
    return uniformInt(this.generator, low, high - 1);
  }

  /** A normal draw (Box-Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    // 1 - uniform() is in (0, 1], so the log is finite.
    const u = 1 - this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * v;
    this.spareNormal = r * Math.sin(theta);
    return mean + std * r * Math.cos(theta);
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.uniformInt(0, i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Fills `out` with uniform floats in [0, 1) and returns it. */
  fillUniform<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /** Fills `out` with normal draws and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** A 32-bit unsigned integer, e.g. to seed a third-party generator. */
  uint32(): number {
    return this.generator.next() >>> 0;
  }

  /** The stream's full state, as plain JSON. */
  state(): RngState {
    return {
      version: 1,
      seed: this.seed,
      path: this.path,
      words: [...this.generator.getState()],
      spareNormal: this.spareNormal,
    };
  }

  /**
   * Continues from a saved state. The state must come from the same stream (same seed and path);
   * otherwise a {@link StateError} is thrown and this stream is left unchanged.
   */
  restore(state: RngState): void {
    Rng.validateState(state);
    if (state.seed !== this.seed || state.path !== this.path) {
      throw new StateError({
        field: 'Rng.restore(state)',
        value: { seed: state.seed, path: state.path },
        expected: `the state of stream ${this.path} of seed ${this.seed}`,
      });
    }
    this.generator = xoroshiro128plusFromState(state.words);
    this.spareNormal = state.spareNormal;
  }

  private static validateState(state: RngState): RngState {
    const ok =
      state !== null &&
      typeof state === 'object' &&
      state.version === 1 &&
      Number.isSafeInteger(state.seed) &&
      typeof state.path === 'string' &&
      Array.isArray(state.words) &&
      state.words.length === 4 &&
      state.words.every((w) => Number.isInteger(w)) &&
      (state.spareNormal === null || typeof state.spareNormal === 'number');
    if (!ok) {
      throw new StateError({ field: 'Rng state', value: state, expected: 'an object produced by Rng.state()' });
    }
    return state;
  }
}
