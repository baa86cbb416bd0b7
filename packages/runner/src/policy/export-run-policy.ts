import { join } from 'node:path';
import { initBackend } from '@prunerl/backend';
import { ConfigError, type AgentState, type NamedTensorRecords } from '@prunerl/core';
import { exportPolicy, TorsoHeadNetwork } from '@prunerl/networks';
import { agentStateMasks } from '../checkpoint/agent-state-masks';
import { CheckpointStore } from '../checkpoint/checkpoint-store';
import { decodeState } from '../checkpoint/state-codec';
import { buildExperiment } from '../composition/build-experiment';
import { taskOf } from '../composition/task-spec';
import { CHECKPOINT_FILES } from '../experiment/loop-state';
import { readRunMetadata, RUN_FILES, type RunStatus } from '../run/run-directory';
import { readRunConfig } from '../run/train-run';

/** What {@link exportRunPolicy} made. */
export interface ExportedRunPolicy {
  /** The policy file's bytes (`@prunerl/networks`' `exportPolicy`). */
  readonly bytes: Uint8Array;
  /** The checkpoint it came from (the run's latest usable one). */
  readonly checkpoint: number;
  readonly status: RunStatus;
  readonly envSteps: number;
  /** Fraction of the masked parameters' weights that are pruned (0 when dense). */
  readonly sparsity: number;
}

/** The fraction of masked-out weights over every masked parameter (0 without masks). */
function maskSparsity(masks: NamedTensorRecords): number {
  let kept = 0;
  let total = 0;
  for (const mask of Object.values(masks)) {
    total += mask.values.length;
    for (const v of mask.values) if (v !== 0) kept += 1;
  }
  return total === 0 ? 0 : 1 - kept / total;
}

/**
 * The policy of a run directory (`prunerl train`'s output) at its latest usable checkpoint: the
 * online network's weights, the pruner's masks, the architecture and the environment, as one file
 * that `loadPolicy` rebuilds in Node or a browser (the playground plays it). The run is rebuilt from
 * its `config.json` and its agent restored from the checkpoint; the replay buffer is not read. A
 * directory that is not a run, or holds no usable checkpoint yet, throws a `ConfigError`.
 */
export async function exportRunPolicy(directory: string): Promise<ExportedRunPolicy> {
  const config = await readRunConfig(directory);
  const metadata = await readRunMetadata(directory);
  if (!metadata) throw new ConfigError({ field: 'run directory', value: directory, expected: `a prunerl run directory (no readable ${RUN_FILES.metadata} there)` });
  const store = new CheckpointStore(join(directory, RUN_FILES.checkpoints));
  const { latest } = await store.latest();
  if (!latest) throw new ConfigError({ field: 'run directory', value: directory, expected: 'a run with a usable checkpoint (one is written after each iteration)' });
  await initBackend({ name: config.backend });
  const parts = await buildExperiment(config, metadata.seed);
  try {
    if (taskOf(parts.env).actionShape !== undefined) {
      throw new ConfigError({
        field: 'agent.name',
        value: config.agent.name,
        expected: `an agent of discrete actions: a policy file holds a Q network acted on by argmax, which an actor of continuous actions (${config.environment.id}'s Box) is not`,
      });
    }
    const state = decodeState(await store.readFile(latest, CHECKPOINT_FILES.agent)) as AgentState;
    parts.agent.restore(state);
    const online = parts.agent.online;
    if (!(online instanceof TorsoHeadNetwork)) {
      throw new ConfigError({ field: 'network', value: config.network.torso, expected: "a network from @prunerl/networks (a plugin's network has no policy format)" });
    }
    const masks = agentStateMasks(state) ?? {};
    const sparsity = maskSparsity(masks);
    const bytes = exportPolicy(online, {
      masks,
      environment: { id: config.environment.id, options: config.environment.options },
      agent: config.agent.name,
      info: { method: config.method, seed: metadata.seed, envSteps: metadata.envSteps, checkpoint: latest.sequence, status: metadata.status, sparsity },
    });
    return { bytes, checkpoint: latest.sequence, status: metadata.status, envSteps: metadata.envSteps, sparsity };
  } finally {
    parts.dispose();
  }
}
