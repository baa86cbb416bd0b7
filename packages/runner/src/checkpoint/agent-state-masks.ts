import type { NamedTensorRecords } from '@prunerl/core';

/**
 * The pruner's masks in an agent's checkpointed state: the first update hook whose state holds
 * `masks` (a `MaskedPruner`'s), or `undefined` for a dense run. Read from the state rather than
 * from a restored pruner, which learns its parameters only at its first update.
 */
export function agentStateMasks(state: unknown): NamedTensorRecords | undefined {
  const hooks = (state as { hooks?: { name: string; state?: { masks?: NamedTensorRecords } }[] } | undefined)?.hooks ?? [];
  return hooks.find((hook) => hook.state?.masks !== undefined)?.state!.masks;
}
