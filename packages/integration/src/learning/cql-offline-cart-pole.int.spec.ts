/**
 * Offline RL learns on CartPole-v1 (PAPER.md E7 at the smallest scale), through the runner as a user
 * runs it: a short DQN run (6,000 steps, epsilon decayed to 0.1 over 2,000) logs every transition
 * (`logging.replay`); its data is mediocre (the behaviour policy's episodes average well below the
 * 500 cap). CQL (the `classic` preset: 1-step, alpha 0.1) then trains from that fixed dataset alone,
 * 5 iterations of 1,000 gradient steps, each followed by 10 evaluation episodes in the real
 * environment, and must evaluate above the behaviour policy's mean return. Plain DQN on the same data
 * (the offline baseline that overestimates) is trained beside it and reported. Fixed seed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetStats } from '@prunerl/replay';
import { readDataset } from '@prunerl/replay/node';
import { resolveExperimentConfig, trainRun, type IterationSummary } from '@prunerl/runner';

describe('CQL from a logged CartPole-v1 dataset', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'prunerl-cql-learning-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("should evaluate above the behaviour policy's mean return (plain DQN on the same data reported beside it)", async () => {
    const seed = 0;
    const behaviour = await trainRun({
      config: resolveExperimentConfig({
        name: 'behaviour',
        environment: { id: 'CartPole-v1' },
        agent: { name: 'dqn', options: { epsilonDecayPeriod: 2_000, epsilonTrain: 0.1 } },
        budget: { iterations: 1, stepsPerIteration: 6_000 },
        logging: { replay: true, replayShardTransitions: 1_000 },
        seeds: [seed],
        outputDir: root,
      }),
      seed,
    });
    const data = datasetStats(await readDataset(behaviour.directory));
    expect(data.transitions).toBe(behaviour.metadata.envSteps);
    expect(data.episodeReturns.length).toBeGreaterThan(20);

    const offline = async (agent: 'cql' | 'dqn'): Promise<IterationSummary[]> => {
      const summaries: IterationSummary[] = [];
      await trainRun({
        config: resolveExperimentConfig({
          name: `offline-${agent}`,
          environment: { id: 'CartPole-v1' },
          agent: { name: agent },
          offline: { datasets: [{ path: 'behaviour/seed-{seed}' }] },
          budget: { iterations: 5, stepsPerIteration: 1_000 },
          evaluation: { episodes: 10 },
          seeds: [seed],
          outputDir: root,
        }),
        seed,
        onIterationEnd: (summary) => void summaries.push(summary),
      });
      return summaries;
    };
    const cql = await offline('cql');
    const dqn = await offline('dqn');
    const curve = (runs: IterationSummary[]): string => runs.map((s) => s.evalReturn!.toFixed(1)).join(' ');
    console.log(
      `behaviour policy (${data.transitions} transitions, ${data.episodeReturns.length} episodes, mean epsilon ${data.meanEpsilon.toFixed(3)}): mean return ${data.meanReturn.toFixed(1)}\n` +
        `CQL evaluation returns per 1,000 gradient steps: ${curve(cql)}\n` +
        `DQN (offline) evaluation returns per 1,000 gradient steps: ${curve(dqn)}`,
    );
    // Mediocre data: far from CartPole's 500.
    expect(data.meanReturn).toBeLessThan(150);
    expect(cql.at(-1)!.evalReturn!).toBeGreaterThan(data.meanReturn);
    expect(dqn.every((s) => Number.isFinite(s.evalReturn))).toBe(true);
  }, 300_000);
});
