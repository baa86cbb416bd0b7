import { ConfigError, type HeadDescription } from '@prunerl/core';

/**
 * Throws a `ConfigError` naming `field` unless `head` is a C51 head: `numAtoms >= 2` logits per
 * action over a support of evenly spaced increasing values (Bellemare et al. 2017). The head check
 * of Rainbow and CQL+C51.
 */
export function checkDistributionalHead(head: HeadDescription, field: string): void {
  const atoms = head?.numAtoms;
  if (!head || atoms === undefined || !Number.isInteger(atoms) || atoms < 2 || !(head.support instanceof Float32Array) || head.support.length !== atoms) {
    throw new ConfigError({
      field,
      value: head?.kind,
      expected: 'a distributional head (e.g. "c51") with numAtoms >= 2 and a support of numAtoms values',
    });
  }
  const support = head.support;
  const step = (support[atoms - 1]! - support[0]!) / (atoms - 1);
  for (let i = 1; i < atoms; i++) {
    if (!(Math.abs(support[i]! - support[i - 1]! - step) <= 1e-4 * Math.max(1, Math.abs(step))) || step <= 0) {
      throw new ConfigError({ field: `${field}.support`, value: Array.from(support), expected: 'evenly spaced increasing values (C51)' });
    }
  }
}
