import { ConfigError } from '../errors/config-error';

/** Bounds for {@link checkNumber}; every bound is optional. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** Exclude `min` itself (e.g. a learning rate must be > 0). */
  readonly minExclusive?: boolean;
  /** Exclude `max` itself (e.g. a discount must be < 1 when that matters). */
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

function describeBounds(bounds: NumberBounds): string {
  const kind = bounds.integer ? 'an integer' : 'a finite number';
  const { min, max } = bounds;
  if (min !== undefined && max !== undefined) {
    return `${kind} in ${bounds.minExclusive ? '(' : '['}${min}, ${max}${bounds.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${kind} ${bounds.minExclusive ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${bounds.maxExclusive ? '<' : '<='} ${max}`;
  return kind;
}

/**
 * Returns `value` if it is a finite number inside `bounds`; otherwise throws a {@link ConfigError}
 * naming `field`, the value and the expected range.
 */
export function checkNumber(field: string, value: unknown, bounds: NumberBounds = {}): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!bounds.integer || Number.isInteger(value)) &&
    (bounds.min === undefined || (bounds.minExclusive ? value > bounds.min : value >= bounds.min)) &&
    (bounds.max === undefined || (bounds.maxExclusive ? value < bounds.max : value <= bounds.max));
  if (!ok) throw new ConfigError({ field, value, expected: describeBounds(bounds) });
  return value as number;
}

/** An integer >= 1. */
export function checkPositiveInteger(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 1, integer: true });
}

/** An integer >= 0. */
export function checkNonNegativeInteger(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, integer: true });
}

/** A probability-like fraction in [0, 1]. */
export function checkFraction(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, max: 1 });
}

/** One of a fixed list of strings; the error lists them all. */
export function checkOneOf<const T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError({ field, value, expected: `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` });
  }
  return value as T;
}

/** A boolean. */
export function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError({ field, value, expected: 'true or false' });
  return value;
}

/** A non-empty array of positive integers, e.g. a shape or a list of hidden sizes. */
export function checkShape(field: string, value: unknown, options: { minLength?: number } = {}): number[] {
  const minLength = options.minLength ?? 1;
  if (
    !Array.isArray(value) ||
    value.length < minLength ||
    !value.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)
  ) {
    throw new ConfigError({
      field,
      value,
      expected: `an array of at least ${minLength} positive integer${minLength === 1 ? '' : 's'}`,
    });
  }
  return [...value] as number[];
}

/**
 * Rejects keys of `options` that are not in `known`, so a misspelt option fails loudly instead of
 * being ignored. `owner` names the object in the message (e.g. `GradualMagnitudePruner options`).
 */
export function checkKnownKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError({
        field: `${owner}.${key}`,
        value: (options as Record<string, unknown>)[key],
        expected: `one of the known options (${known.join(', ')})`,
      });
    }
  }
}
