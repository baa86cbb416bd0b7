/**
 * The end-to-end run of `tools/bench/end-to-end.ts` (DQN, `minatar` preset, MinAtar Breakout,
 * optionally GMP to 95%), built by hand from the packages instead of through @prunerl/runner, so
 * that parts the runner does not let us swap can be: here the optimiser, to measure the proposed
 * @prunerl/agents change (`FusedAdamOptimizer`) end to end. With `fusedAdam: false` it is the same
 * run as the runner builds (same preset, replay, pruner options and loop), as a control.
 */
import { agentPreset, createOptimizer, DQNAgent } from '@prunerl/agents';
import { Rng, type TypedArray } from '@prunerl/core';
import { make } from '@prunerl/environments';
import { QNetworkFactory } from '@prunerl/networks';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { UniformReplayBuffer } from '@prunerl/replay';
import { summarise } from '../stats';
import type { EndToEndCase, EndToEndOptions, EndToEndResult } from '../end-to-end';
import { FusedAdamOptimizer } from './fused-adam-optimizer';

/** Times the hand-built run of `c` (see the file comment and `benchEndToEnd`). */
export function benchEndToEndPrototype(c: EndToEndCase, options: EndToEndOptions & { readonly fusedAdam: boolean }): EndToEndResult {
  const updatePeriod = Math.round(1 / c.replayRatio);
  const steps = options.steps ?? (c.replayRatio === 1 ? 1_500 : 4_000);
  const rounds = options.rounds ?? 3;
  const minReplayHistory = options.minReplayHistory ?? 1_000;
  const warmup = minReplayHistory + steps;
  const total = warmup + rounds * steps;
  const preset = agentPreset('minatar', 'dqn');
  const env = make('MinAtar/Breakout-v1');
  const observationShape = [...(env.observationSpace as unknown as { shape: readonly number[] }).shape];
  const numActions = (env.actionSpace.toJSON() as { n: number }).n;
  const replay = new UniformReplayBuffer({ capacity: preset.replay.capacity, observationShape, observationDtype: 'uint8', nStep: preset.replay.nStep, gamma: preset.replay.gamma });
  const { kind: _kind, ...adam } = preset.optimizer as { kind: string; learningRate: number; epsilon: number; beta1: number; beta2: number };
  const agent = new DQNAgent({
    networkFactory: new QNetworkFactory(preset.network),
    replay,
    optimizer: options.fusedAdam ? new FusedAdamOptimizer(adam) : createOptimizer(preset.optimizer),
    hooks: c.gmp ? [new GradualMagnitudePruner({ sparsity: 0.95, startFraction: 0, endFraction: 0.8 })] : [],
    numActions,
    observationShape,
    ...preset.agentOptions,
    updatePeriod,
    minReplayHistory,
    totalSteps: total,
    rng: Rng.fromSeed(0).split('agent'),
  });
  try {
    let observation: TypedArray = env.reset({ seed: 0 }).observation;
    let episode = 0;
    const run = (count: number): void => {
      for (let i = 0; i < count; i++) {
        const action = agent.act(observation, 'train');
        const result = env.step(action);
        agent.observe({ observation, action, reward: result.reward, nextObservation: result.observation, terminated: result.terminated, truncated: result.truncated });
        observation = result.terminated || result.truncated ? env.reset({ seed: ++episode }).observation : result.observation;
      }
    };
    run(warmup);
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      run(steps);
      rates.push(steps / ((performance.now() - start) / 1000));
    }
    const name = `DQN MinAtar Breakout, replay ratio ${c.replayRatio}${c.gmp ? ', GMP 95%' : ', dense'}${options.fusedAdam ? ', fused Adam (prototype)' : ', hand-built control'}`;
    const sparsity = c.gmp ? (agent.hooks[0] as GradualMagnitudePruner).sparsity().overall : 0;
    return { ...c, name, updatePeriod, stepsPerSecond: summarise(rates), stepsPerRound: steps, sparsity };
  } finally {
    agent.dispose();
    env.close();
  }
}
