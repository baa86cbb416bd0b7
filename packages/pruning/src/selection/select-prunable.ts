import { checkKnownKeys, ConfigError, type Parameter } from '@prunerl/core';
import { compileNamePattern, matchesName, type NamePattern } from './name-pattern';

/**
 * Which parameters a pruner masks. By default, every parameter with more than one dimension
 * (JaxPruner's `NOT_DIM_ONE_FILTER_FN`): all conv and dense kernels, the output layer included,
 * never biases or norm scales.
 */
export interface PrunableSelection {
  /** Select by role instead of rank (e.g. `['kernel']`, or `['kernel', 'noise-sigma-kernel']`). */
  readonly roles?: readonly string[];
  /** Keep only candidates whose name matches one of these patterns (e.g. `'torso/**'`). */
  readonly include?: readonly NamePattern[];
  /** Drop candidates whose name matches one of these patterns (e.g. `'head/**'`). */
  readonly exclude?: readonly NamePattern[];
}

/**
 * Applies a {@link PrunableSelection} to a network's parameters, in their order. Every role and
 * pattern must match at least one parameter and the result must not be empty; otherwise a
 * {@link ConfigError} names the offender and lists the parameter names, so a typo cannot silently
 * leave a network unpruned.
 */
export function selectPrunable(parameters: readonly Parameter[], selection: PrunableSelection = {}, owner = 'prunable'): Parameter[] {
  checkKnownKeys(owner, selection, ['roles', 'include', 'exclude']);
  const known = (): string => parameters.map((p) => p.name).join(', ');
  let candidates: Parameter[];
  if (selection.roles !== undefined) {
    if (!Array.isArray(selection.roles) || selection.roles.length === 0) {
      throw new ConfigError({ field: `${owner}.roles`, value: selection.roles, expected: 'a non-empty array of parameter roles' });
    }
    for (const role of selection.roles) {
      if (!parameters.some((p) => p.role === role)) {
        throw new ConfigError({
          field: `${owner}.roles`,
          value: role,
          expected: `a role some parameter has (${[...new Set(parameters.map((p) => p.role))].join(', ')})`,
        });
      }
    }
    candidates = parameters.filter((p) => selection.roles!.includes(p.role));
  } else {
    candidates = parameters.filter((p) => p.variable.rank > 1);
  }
  const compile = (key: 'include' | 'exclude'): RegExp[] => {
    const patterns = selection[key];
    if (patterns === undefined) return [];
    if (!Array.isArray(patterns)) throw new ConfigError({ field: `${owner}.${key}`, value: patterns, expected: 'an array of name patterns' });
    return patterns.map((pattern, i) => {
      const regex = compileNamePattern(pattern, `${owner}.${key}[${i}]`);
      if (!parameters.some((p) => matchesName(regex, p.name))) {
        throw new ConfigError({ field: `${owner}.${key}[${i}]`, value: pattern, expected: `a pattern matching a parameter name (${known()})` });
      }
      return regex;
    });
  };
  const include = compile('include');
  const exclude = compile('exclude');
  if (include.length > 0) candidates = candidates.filter((p) => include.some((r) => matchesName(r, p.name)));
  candidates = candidates.filter((p) => !exclude.some((r) => matchesName(r, p.name)));
  if (candidates.length === 0) {
    throw new ConfigError({ field: owner, value: selection, expected: `a selection leaving at least one parameter to prune (${known()})` });
  }
  return candidates;
}
