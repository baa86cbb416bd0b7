import { ConfigError, type HeadDescription } from '@prunerl/core';

/**
 * Throws a `ConfigError` naming `field` unless `head` outputs Q values `[B, numActions]` (a `q` or
 * `dueling` head, no atoms); `alternative` says which agent takes the head instead (`RainbowAgent
 * for "c51" heads`). The head check of DQN and CQL.
 */
export function checkScalarQHead(head: HeadDescription, field: string, alternative: string): void {
  if (!head || (head.kind !== 'q' && head.kind !== 'dueling') || head.numAtoms !== undefined) {
    throw new ConfigError({ field, value: head?.kind, expected: `a "q" or "dueling" head (Q values per action); use ${alternative}` });
  }
}
