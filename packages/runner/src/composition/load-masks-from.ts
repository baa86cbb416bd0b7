import { join, resolve } from 'node:path';
import { ConfigError, type NamedTensorRecords } from '@prunerl/core';
import { agentStateMasks } from '../checkpoint/agent-state-masks';
import { CheckpointStore } from '../checkpoint/checkpoint-store';
import { decodeState } from '../checkpoint/state-codec';
import { readRunMetadata, RUN_FILES } from '../run/run-directory';

/**
 * The final masks of another run (the lottery ticket's `masksFrom`): the run directory `spec`
 * (`{seed}` replaced by `seed`, relative paths from `baseDirectory`) must hold a complete run whose
 * agent has a pruner; its last checkpoint's pruner state gives the masks. Errors are `ConfigError`s
 * on `pruner.options.masksFrom`.
 */
export async function loadMasksFrom(spec: string, seed: number, baseDirectory: string): Promise<NamedTensorRecords> {
  const field = 'pruner.options.masksFrom';
  const directory = resolve(baseDirectory, spec.replaceAll('{seed}', String(seed)));
  const metadata = await readRunMetadata(directory);
  if (metadata?.status !== 'complete') {
    throw new ConfigError({
      field,
      value: directory,
      expected: `a complete run to take the final masks from (${metadata ? `it is ${metadata.status}` : 'no run there'})`,
    });
  }
  const store = new CheckpointStore(join(directory, RUN_FILES.checkpoints));
  const { latest } = await store.latest();
  if (!latest) throw new ConfigError({ field, value: directory, expected: 'a run with a usable checkpoint' });
  const masks = agentStateMasks(decodeState(await store.readFile(latest, 'agent.bin')));
  if (!masks) throw new ConfigError({ field, value: directory, expected: 'a run trained with a pruner (its checkpoint has no masks)' });
  return masks;
}
