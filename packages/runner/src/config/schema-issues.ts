import { ConfigError, describeValue } from '@prunerl/core';
import type { z } from 'zod';

/** One schema problem in words: the field's path, what it held, what was expected. */
export interface ConfigProblem {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
}

/** `environment.options.seed`, `hooks[0].name`: how paths read in messages and `--set` flags. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(config root)' : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

interface ZodInternals {
  readonly _zod: { readonly def: { readonly type: string; readonly innerType?: unknown; readonly shape?: Record<string, unknown>; readonly element?: unknown; readonly options?: unknown[]; readonly in?: unknown } };
}

/** Follows `path` through the schema (unwrapping defaults, optionals and pipes) to list known keys. */
function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let node = schema as ZodInternals | undefined;
  const unwrap = (): void => {
    for (let i = 0; i < 10 && node; i++) {
      const def = node._zod.def;
      if (['default', 'optional', 'nullable', 'prefault', 'readonly', 'catch'].includes(def.type)) node = def.innerType as ZodInternals;
      else if (def.type === 'pipe') node = def.in as ZodInternals;
      else if (def.type === 'union') node = (def.options ?? []).find((o) => (o as ZodInternals)._zod.def.type === 'object') as ZodInternals | undefined;
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    if (!node) return undefined;
    const def = node._zod.def;
    if (def.type === 'object' && typeof key === 'string') node = def.shape?.[key] as ZodInternals | undefined;
    else if (def.type === 'array' && typeof key === 'number') node = def.element as ZodInternals | undefined;
    else return undefined;
    unwrap();
  }
  return node && node._zod.def.type === 'object' ? Object.keys(node._zod.def.shape ?? {}) : undefined;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string }, kind: 'min' | 'max'): string {
  const limit = kind === 'min' ? issue.minimum : issue.maximum;
  const op = kind === 'min' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  switch (issue.origin) {
    case 'array':
      return `a list of ${kind === 'min' ? 'at least' : 'at most'} ${String(limit)} item(s)`;
    case 'string':
      return `a string of ${kind === 'min' ? 'at least' : 'at most'} ${String(limit)} character(s)`;
    default:
      return `a number ${op} ${String(limit)}`;
  }
}

/** Turns zod's issues into problems that name the field, the value and the expectation. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, schema: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, issue.path);
        for (const key of issue.keys) {
          problems.push({
            field: formatPath([...issue.path, key]),
            value: valueAt(input, [...issue.path, key]),
            expected: `no key named ${JSON.stringify(key)} (unknown key${known ? `; known keys here: ${known.map((k) => JSON.stringify(k)).join(', ')}` : ''})`,
          });
        }
        break;
      }
      case 'invalid_type': {
        const expected = issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
        problems.push({ field: formatPath(issue.path), value, expected: value === undefined ? `${expected} (the field is required)` : expected });
        break;
      }
      case 'too_small':
        problems.push({ field: formatPath(issue.path), value, expected: bound(issue as never, 'min') });
        break;
      case 'too_big':
        problems.push({ field: formatPath(issue.path), value, expected: bound(issue as never, 'max') });
        break;
      case 'invalid_value':
        problems.push({ field: formatPath(issue.path), value, expected: `one of ${issue.values.map((v) => describeValue(v)).join(', ')}` });
        break;
      case 'invalid_format':
        problems.push({ field: formatPath(issue.path), value, expected: issue.message.replace(/^Invalid string: /, '') });
        break;
      case 'invalid_union': {
        // A union of alternatives (an object, "none" or null): report the object branch's problems,
        // which is what a user who wrote an object meant.
        const branches = issue.errors.map((branch) => describeIssues(branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] })), input, schema));
        const objectBranch = value !== null && typeof value === 'object' ? branches.find((b) => b.length > 0 && !b.some((p) => p.expected.startsWith('an object') || p.expected.startsWith('a object'))) : undefined;
        if (objectBranch) problems.push(...objectBranch);
        else problems.push({ field: formatPath(issue.path), value, expected: 'an object, "none" or null' });
        break;
      }
      case 'not_multiple_of':
        problems.push({ field: formatPath(issue.path), value, expected: `a multiple of ${String(issue.divisor)}` });
        break;
      default:
        problems.push({ field: formatPath(issue.path), value, expected: issue.message });
    }
  }
  return problems;
}

/**
 * One `ConfigError` for all problems: `field`, `value` and `expected` are the first problem's, and
 * the message lists every problem on its own line, so a user fixes a config in one pass.
 */
export function configErrorFrom(problems: readonly ConfigProblem[], source?: string): ConfigError {
  const first = problems[0] ?? { field: '(config)', value: undefined, expected: 'a valid config' };
  const rest = problems.slice(1);
  const where = source ? ` in ${source}` : '';
  const hint =
    rest.length > 0
      ? `\n${rest.length} more problem${rest.length === 1 ? '' : 's'}${where}:\n${rest.map((p) => `  - ${p.field}: expected ${p.expected}, got ${describeValue(p.value)}.`).join('\n')}`
      : source
        ? `(${source})`
        : undefined;
  return new ConfigError({ field: first.field, value: first.value, expected: first.expected, ...(hint ? { hint } : {}) });
}
