import { checkBoolean, checkNumber, ConfigError } from '@prunerl/core';

/** A `[low, high]` option (Gymnasium's range tuples); infinite ends allowed, `low <= high`. */
export function checkRange(field: string, value: unknown, fallback: readonly [number, number]): readonly [number, number] {
  if (value === undefined) return fallback;
  const ok =
    Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && !Number.isNaN(v)) && (value[0] as number) <= (value[1] as number);
  if (!ok) throw new ConfigError({ field, value, expected: 'a pair [low, high] of numbers with low <= high (infinite ends allowed)' });
  return [value[0] as number, value[1] as number];
}

/** A finite number option with a default. */
export function numberOption(field: string, value: unknown, fallback: number, bounds: { min?: number } = {}): number {
  return value === undefined ? fallback : checkNumber(field, value, bounds);
}

/** A boolean option with a default. */
export function booleanOption(field: string, value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : checkBoolean(field, value);
}
