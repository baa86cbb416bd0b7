import { ConfigError } from '../errors/config-error';
import type { Rng } from '../rng/rng';
import type { Space } from './space';

/** The integers `{start, ..., start + n - 1}` (Gymnasium's `Discrete`). */
export class Discrete implements Space<number> {
  readonly kind = 'discrete' as const;
  readonly shape: readonly number[] = [];
  readonly dtype = 'int32' as const;

  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError({ field: 'Discrete.n', value: n, expected: 'an integer >= 1' });
    if (!Number.isSafeInteger(start)) throw new ConfigError({ field: 'Discrete.start', value: start, expected: 'an integer' });
  }

  contains(value: unknown): value is number {
    return typeof value === 'number' && Number.isInteger(value) && value >= this.start && value < this.start + this.n;
  }

  sample(rng: Rng): number {
    return this.start + rng.uniformInt(0, this.n);
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
