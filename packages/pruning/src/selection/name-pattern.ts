import { ConfigError } from '@prunerl/core';

/**
 * A parameter-name pattern: a `RegExp`, or a glob string where `*` matches within one path segment
 * (no `/`), `**` matches across segments and `?` one character; other characters match themselves.
 * Globs match the whole name: `head/**` selects every parameter under `head/`, `*\/kernel` only
 * top-level kernels.
 */
export type NamePattern = string | RegExp;

/** Compiles a {@link NamePattern} to an anchored RegExp. */
export function compileNamePattern(pattern: NamePattern, field: string): RegExp {
  if (pattern instanceof RegExp) return pattern;
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new ConfigError({ field, value: pattern, expected: 'a non-empty glob string or a RegExp' });
  }
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Whether `name` matches `regex` (resets `lastIndex`, so global/sticky RegExps behave). */
export function matchesName(regex: RegExp, name: string): boolean {
  regex.lastIndex = 0;
  return regex.test(name);
}
