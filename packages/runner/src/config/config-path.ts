import { ConfigError } from '@prunerl/core';

/**
 * Splits a dotted path with optional indices (`hooks[0].options.tau`, `network.width`) into keys.
 * Used by `--set` overrides and sweep grids, which address config fields the way error messages
 * name them.
 */
export function parsePath(path: string): (string | number)[] {
  if (typeof path !== 'string' || !/^[A-Za-z_$][\w$-]*(\[\d+\]|\.[A-Za-z_$][\w$-]*)*$/.test(path)) {
    throw new ConfigError({ field: 'config path', value: path, expected: 'a dotted path such as "network.width" or "hooks[0].name"' });
  }
  const keys: (string | number)[] = [];
  for (const match of path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]/g)) {
    keys.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  return keys;
}

function isRecord(value: unknown): value is Record<string | number, unknown> {
  return value !== null && typeof value === 'object';
}

/**
 * Returns a copy of `target` with the field at `path` set to `value`, creating objects on the way
 * (arrays only where an index says so). The input is not modified.
 */
export function setPath<T>(target: T, path: string, value: unknown): T {
  const keys = parsePath(path);
  const root: unknown = structuredClone(target ?? {});
  let node = root as Record<string | number, unknown>;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    if (last) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (!isRecord(next)) {
      node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    } else {
      node[key] = next;
    }
    node = node[key] as Record<string | number, unknown>;
  });
  return root as T;
}

/** The value at `path`, or `undefined`. */
export function getPath(target: unknown, path: string): unknown {
  let node = target;
  for (const key of parsePath(path)) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}
