/**
 * SAC through the runner like any other agent: a short Pendulum-v1 run with GMP on the actor and
 * both critics, resumed bit-identically after a crash and after a stop in the middle of an episode
 * (whose continuous actions the checkpoint keeps as exact float32 bytes), the same by registry names
 * and through the inversify container, and the combinations that cannot work refused before a run
 * directory exists.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { readRunDirectory } from '@prunerl/evaluation/node';
import { buildExperiment } from '../composition/build-experiment';
import { resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { decodeEpisodeActions, type EpisodeReplay } from '../experiment/episode-environment';
import { RUN_FILES } from './run-directory';
import { expectCrashThenResumeMatches, finalState, metricsWithoutTime } from './run-files.fixture';
import { trainRun } from './train-run';

/** 3 iterations of one 200-step Pendulum episode each, 500 SAC updates on (16, 16) MLPs, GMP to 90% (ERK). */
function sacConfig(outputDir: string, overrides: Record<string, unknown> = {}): ResolvedExperimentConfig {
  return resolveExperimentConfig({
    name: 'sac',
    environment: { id: 'Pendulum-v1' },
    agent: { name: 'sac', options: { minReplayHistory: 100, batchSize: 16 } },
    network: { options: { hiddenSizes: [16, 16] } },
    replay: { capacity: 1000 },
    pruner: { name: 'gmp', options: { sparsity: 0.9, distribution: 'erk', updateFrequency: 20 } },
    budget: { iterations: 3, stepsPerIteration: 200 },
    evaluation: { episodes: 1 },
    // The network diagnostics probe SAC's actor (`Agent.online`) on replay observations.
    logging: { diagnosticsEvery: 3, diagnosticsBatch: 32 },
    outputDir,
    ...overrides,
  });
}

describe('SAC in the runner', () => {
  let root: string;
  let straight: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'prunerl-sac-run-'));
    const result = await trainRun({ config: sacConfig(join(root, 'straight')), seed: 0 });
    expect(result.status).toBe('complete');
    straight = result.directory;
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('should resolve the classic SAC preset for Pendulum-v1 and train with it, raw returns and sparsity logged', () => {
    const config = sacConfig(root);
    expect(config.agent).toMatchObject({ name: 'sac', preset: 'classic', options: { rewardScale: 1, tau: 0.005, updatePeriod: 1, totalSteps: 600 } });
    expect(config.network).toMatchObject({ torso: 'mlp', head: 'q', width: 1, options: { hiddenSizes: [16, 16] } });
    expect(config.evaluation.epsilonEval).toBe(0);
    expect(config.method).toBe('SAC gmp 90% w=1');
    const run = readRunDirectory(straight);
    expect(run.meta).toMatchObject({ task: 'Pendulum-v1', status: 'complete', factors: { agent: 'sac', torso: 'mlp', sparsity: 0.9, replayRatio: 1 }, gradientUpdates: 500 });
    const returns = run.metrics.filter((m) => m.name === 'return').map((m) => m.value);
    expect(returns).toHaveLength(3);
    // Pendulum's raw returns: a 200-step episode earns between -16.27 x 200 and 0.
    for (const value of returns) expect(value).toBeGreaterThan(-3300);
    expect(run.metrics.filter((m) => m.name === 'eval/return')).toHaveLength(3);
    expect(run.metrics.find((m) => m.name === 'agent/alpha')?.value).toBeGreaterThan(0);
    expect(run.metrics.filter((m) => m.name === 'sparsity').at(-1)?.value).toBeCloseTo(0.9, 2);
    expect(run.metrics.filter((m) => m.name === 'diagnostics/srank').map((m) => m.step)).toEqual([600]);
  });

  it('should continue a run killed after 1 iteration exactly as straight (logs, weights, masks, replay)', async () => {
    await expectCrashThenResumeMatches(sacConfig(join(root, 'killed')), 1, straight);
  }, 120_000);

  it('should continue from a stop in the middle of an episode, replaying its continuous actions bit for bit', async () => {
    const config = sacConfig(join(root, 'stopped'));
    // Polls: 200 training steps and 200 evaluation steps in iteration 1, then iteration 2's steps.
    let polls = 0;
    const first = await trainRun({ config, seed: 0, shouldStop: () => ++polls === 450 });
    expect(first.status).toBe('interrupted');
    const runner = (await finalState(first.directory)).runner as { env: { episode?: EpisodeReplay }; totalSteps: number };
    expect(runner.totalSteps).toBe(250);
    const episode = runner.env.episode!;
    expect(episode.actions).toEqual([]);
    const actions = decodeEpisodeActions(episode);
    expect(actions).toHaveLength(50);
    expect(actions.every((a) => a instanceof Float32Array && a.length === 1 && a[0]! >= -2 && a[0]! <= 2)).toBe(true);
    const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
    expect(resumed.status).toBe('complete');
    expect(await metricsWithoutTime(resumed.directory)).toEqual(await metricsWithoutTime(straight));
    expect((await finalState(resumed.directory)).agent).toEqual((await finalState(straight)).agent);
  }, 120_000);

  it('should train the same run through the inversify container', async () => {
    const result = await trainRun({ config: sacConfig(join(root, 'container'), { composition: 'container' }), seed: 0 });
    expect(await metricsWithoutTime(result.directory)).toEqual(await metricsWithoutTime(straight));
  }, 120_000);

  it('should refuse an agent that cannot act in the action space, and value-agent settings, before a run directory exists', async () => {
    const refused = async (config: ResolvedExperimentConfig): Promise<ConfigError> => {
      const error = await buildExperiment(config, 0).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    };
    const sacOnCartPole = await refused(sacConfig(join(root, 'bad'), { environment: { id: 'CartPole-v1' }, agent: { name: 'sac', preset: 'none', options: { minReplayHistory: 100 } }, network: { torso: 'mlp' } }));
    expect(sacOnCartPole.field).toBe('agent.name');
    expect(sacOnCartPole.message).toMatch(/^agent\.name: expected an agent of discrete actions for CartPole-v1 \(its action space is Discrete\(2\); "sac" takes continuous actions\): one of "dqn", "rainbow"/);
    const dqnOnPendulum = await refused(
      resolveExperimentConfig({ environment: { id: 'Pendulum-v1' }, agent: { name: 'dqn', options: { minReplayHistory: 10 } }, network: { torso: 'mlp' }, budget: { iterations: 1, stepsPerIteration: 100 }, outputDir: root }),
    );
    expect(dqnOnPendulum.message).toMatch(/^agent\.name: expected an agent of continuous actions for Pendulum-v1 \(its action space is Box\(.*\); "dqn" takes discrete actions\): one of "sac"/);
    await expect(stat(join(root, 'bad'))).rejects.toThrow(/ENOENT/);
    expect(() => sacConfig(root, { logging: { replay: true } })).toThrow(/^logging\.replay: expected false for agent "sac": logged datasets hold discrete actions/);
    expect(() => sacConfig(root, { evaluation: { episodes: 1, epsilonEval: 0.05 } })).toThrow(/^evaluation\.epsilonEval: expected 0 or nothing for agent "sac"/);
    const valueOption = await refused(sacConfig(root, { agent: { name: 'sac', options: { minReplayHistory: 100, epsilonTrain: 0.1 } } }));
    expect(valueOption.message).toMatch(/^agent\.options > .*epsilonTrain/);
    // Without a preset, SAC's own 1,000 random steps are the warm-up the budget must exceed.
    expect(() => sacConfig(root, { agent: { name: 'sac', preset: 'none', options: {} }, network: { torso: 'mlp' } })).toThrow(
      /^budget: expected more environment steps than agent\.options\.minReplayHistory \(1000\)/,
    );
    // The resolved config is valid input again (`prunerl config --print`).
    const resolved = sacConfig(root);
    expect(resolveExperimentConfig(JSON.parse(JSON.stringify(resolved)))).toEqual(resolved);
    expect(JSON.parse(await readFile(join(straight, RUN_FILES.config), 'utf8'))).toMatchObject({ agent: { name: 'sac' } });
  });
});
