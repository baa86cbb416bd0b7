/**
 * The agents of the IQN / DER / DrQ(epsilon) issue through the runner: their presets resolve by
 * environment family (quantile head and embedding, DER's noisy dueling C51 and 10-step PER, DrQ's
 * augmentation as plain agent options), and a short run trains them by registry names and through the
 * inversify container alike.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPresetFor, resolveExperimentConfig } from '../config/resolve-config';
import { RUN_FILES } from '../run/run-directory';
import { trainRun } from '../run/train-run';

describe('IQN, M-IQN, DER and DrQ(epsilon) in the runner', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-new-agents-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should take their presets by environment family', () => {
    expect(defaultPresetFor('CartPole-v1', 'iqn')).toBe('classic');
    expect(defaultPresetFor('MinAtar/Breakout-v1', 'drq-eps')).toBe('minatar');
    expect(defaultPresetFor('CartPole-v1', 'der')).toBeUndefined();
    const iqn = resolveExperimentConfig({ environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'm-iqn' }, budget: { iterations: 1 } });
    expect(iqn.agent.preset).toBe('minatar');
    expect(iqn.network).toMatchObject({ torso: 'minatar-cnn', head: 'quantile', options: { embeddingDim: 64 } });
    expect(iqn.agent.options).toMatchObject({ temperature: 0.03, alpha: 0.9, logPolicyClip: -1, numTauSamples: 32 });
    expect(iqn.replay).toMatchObject({ name: 'uniform', options: { nStep: 1 } });
    const der = resolveExperimentConfig({ environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'der' }, budget: { iterations: 1 } });
    expect(der.network).toMatchObject({ head: 'c51', options: { numAtoms: 51, dueling: true, noisy: true } });
    expect(der.replay).toMatchObject({ name: 'prioritized', options: { nStep: 10 } });
    const drq = resolveExperimentConfig({ environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'drq-eps' }, budget: { iterations: 1 } });
    expect(drq.network.head).toBe('dueling');
    expect(drq.agent.options.augmentation).toEqual({ pad: 1, intensityScale: 0.05 });
    expect(() => resolveExperimentConfig({ environment: { id: 'CartPole-v1' }, agent: { name: 'der', preset: 'classic' }, budget: { iterations: 1 } })).toThrow(
      /agent.preset: expected no preset \(or "none"\) for agent "der": the "classic" preset configures "dqn", "rainbow", "iqn", "m-iqn"/,
    );
  });

  it.each([
    ['m-iqn', 'CartPole-v1', { minReplayHistory: 60, batchSize: 8, numTauSamples: 4, numTauPrimeSamples: 4, numQuantileSamples: 2 }],
    ['drq-eps', 'MinAtar/Breakout-v1', { minReplayHistory: 60, batchSize: 8 }],
  ] as const)('should train %s on %s by registry names and through the container alike', async (agent, environment, options) => {
    const logs: string[][] = [];
    for (const composition of ['registry', 'container'] as const) {
      const config = resolveExperimentConfig({
        name: `${agent}-${composition}`,
        composition,
        environment: { id: environment },
        agent: { name: agent, options },
        network: agent === 'drq-eps' ? { options: { denseUnits: 16 } } : { options: { hiddenSizes: [16] } },
        replay: { capacity: 500 },
        pruner: { name: 'gmp', options: { sparsity: 0.5, updateFrequency: 10 } },
        budget: { iterations: 1, stepsPerIteration: 120 },
        seeds: [3],
        outputDir: dir,
      });
      const result = await trainRun({ config, seed: 3 });
      expect(result.status).toBe('complete');
      const text = await readFile(join(result.directory, RUN_FILES.metricsJsonl), 'utf8');
      logs.push(text.trim().split('\n').filter((line) => !line.includes('"name":"time/')));
    }
    const loss = logs[0]!.map((line) => JSON.parse(line) as { name: string; value: number }).find((record) => record.name === 'train/loss');
    expect(Number.isFinite(loss?.value)).toBe(true);
    expect(logs[1]).toEqual(logs[0]);
  }, 120_000);
});
