import { checkBoolean, checkNumber, ConfigError, type NumberBounds } from '@prunerl/core';

/** A `[low, high]` option (Gymnasium's range tuples); infinite ends allowed, `low <= high`. */
export function checkRange(field: string, value: unknown, fallback: readonly [number, number]): readonly [number, number] {
  if (value === undefined) return fallback;
  const ok =
    Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && !Number.isNaN(v)) && (value[0] as number) <= (value[1] as number);
  if (!ok) throw new ConfigError({ field, value, expected: 'a pair [low, high] of numbers with low <= high (infinite ends allowed)' });
  return [value[0] as number, value[1] as number];
}

/** Typed reads of one environment's options, each with its default, errors naming `<owner>.<key>`. */
export interface OptionReader {
  number(key: string, fallback: number, bounds?: NumberBounds): number;
  boolean(key: string, fallback: boolean): boolean;
  range(key: string, fallback: readonly [number, number]): readonly [number, number];
}

/**
 * Reads `options` (which must be an object) for `owner` (`Hopper options`). Environments read every
 * option of their own this way *before* compiling their model, so a bad value throws before any
 * WebAssembly memory is taken.
 */
export function optionReader(owner: string, options: unknown): OptionReader {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError({ field: owner, value: options, expected: 'an options object with `mujoco`' });
  }
  const values = options as Record<string, unknown>;
  const field = (key: string): string => `${owner}.${key}`;
  return {
    number: (key, fallback, bounds = {}) => (values[key] === undefined ? fallback : checkNumber(field(key), values[key], bounds)),
    boolean: (key, fallback) => (values[key] === undefined ? fallback : checkBoolean(field(key), values[key])),
    range: (key, fallback) => checkRange(field(key), values[key], fallback),
  };
}
