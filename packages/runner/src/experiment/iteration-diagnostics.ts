import { batchObservations, diagnosticsRecords, networkDiagnostics } from '@prunerl/evaluation';
import { Rng, type MetricRecord } from '@prunerl/core';
import type { ExperimentParts } from './experiment-parts';

/** Options of {@link iterationDiagnostics}. */
export interface IterationDiagnosticsOptions {
  readonly seed: number;
  /** Observations per probe (sampled from the replay buffer). */
  readonly batchSize: number;
}

/**
 * The paper's network diagnostics (dormant neurons at tau 0.1 and 0, SRank, parameter and Q-value
 * norms, Q variance, measured sparsity: `@prunerl/evaluation`'s `networkDiagnostics`) of the
 * agent's online network on a replay batch, as metric records. The batch is drawn with a stream
 * derived from the seed and the iteration alone, so a resumed run logs the same values. Returns no
 * records when the agent exposes no online network (`Agent.online` is optional) or the buffer is too
 * small.
 */
export function iterationDiagnostics(parts: ExperimentParts, options: IterationDiagnosticsOptions) {
  return ({ iteration, step, tags }: { iteration: number; step: number; tags: Readonly<Record<string, string | number>> }): MetricRecord[] => {
    const online = parts.agent.online;
    if (!online || !parts.replay.canSample(options.batchSize)) return [];
    const rng = Rng.fromSeed(options.seed).split('runner').split('diagnostics').split(iteration);
    const batch = parts.replay.sample(options.batchSize, rng);
    const observations = batchObservations(batch);
    try {
      return diagnosticsRecords(networkDiagnostics(online, observations), { step, tags, perLayer: true });
    } finally {
      observations.dispose();
    }
  };
}
