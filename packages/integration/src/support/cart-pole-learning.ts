import { createOptimizer, DQNAgent, IQNAgent, MunchausenIQNAgent, RainbowAgent, type ValueAgent } from '@prunerl/agents';
import type { UpdateHook } from '@prunerl/core';
import { make } from '@prunerl/environments';
import { QNetworkFactory } from '@prunerl/networks';
import { PrioritizedReplayBuffer, UniformReplayBuffer } from '@prunerl/replay';
import { agentPreset } from '@prunerl/runner';
import { trainAndEvaluate, type Evaluation } from './train-and-evaluate';

/** What {@link learnCartPole} reports (`evaluations[0]` is the untrained agent, at step 0). */
export interface CartPoleRun {
  readonly agent: ValueAgent;
  /** Env step of the first evaluation at or above the threshold, if any. */
  readonly solvedAt: number | undefined;
  readonly evaluations: readonly Evaluation[];
}

/** Options of {@link learnCartPole}. */
export interface CartPoleLearningOptions {
  readonly agent: 'dqn' | 'rainbow' | 'iqn' | 'm-iqn';
  readonly seed: number;
  /** Hooks (pruners) to attach. */
  readonly hooks?: readonly UpdateHook[];
  /** Env steps at most. Default 50,000. */
  readonly maxSteps?: number;
  /** Env steps between evaluations. Default 2,500. */
  readonly evalEvery?: number;
  /** Episodes per evaluation. Default 10. */
  readonly evalEpisodes?: number;
  /** Mean evaluation return that counts as solved. Default 195. */
  readonly threshold?: number;
  /** An extra condition for an evaluation to count (e.g. the pruner reached its final sparsity). */
  readonly countsWhen?: (agent: ValueAgent) => boolean;
}

/**
 * Trains an agent with the `classic` preset on CartPole-v1 (prunerl's real environment, networks and
 * replay), evaluating every `evalEvery` steps on a separate environment with `eval` actions, and stops
 * at the first evaluation whose mean return reaches `threshold` (so a passing test costs as little as
 * it can). The agent's `totalSteps` is `maxSteps`, so pruning schedules span the full budget.
 */
export function learnCartPole(options: CartPoleLearningOptions): CartPoleRun {
  const maxSteps = options.maxSteps ?? 50_000;
  const evalEvery = options.evalEvery ?? 2_500;
  const evalEpisodes = options.evalEpisodes ?? 10;
  const threshold = options.threshold ?? 195;
  const preset = agentPreset('classic', options.agent);
  const env = make('CartPole-v1');
  const evalEnv = make('CartPole-v1');
  const observationShape = [4];
  const replayOptions = {
    capacity: preset.replay.capacity,
    observationShape,
    observationDtype: 'float32' as const,
    nStep: preset.replay.nStep,
    gamma: preset.replay.gamma,
  };
  const replay = preset.replay.kind === 'prioritized' ? new PrioritizedReplayBuffer(replayOptions) : new UniformReplayBuffer(replayOptions);
  const input = {
    networkFactory: new QNetworkFactory(preset.network),
    replay,
    optimizer: createOptimizer(preset.optimizer),
    hooks: options.hooks ?? [],
    numActions: 2,
    observationShape,
    ...preset.agentOptions,
    totalSteps: maxSteps,
    seed: options.seed,
  };
  const constructors = { dqn: DQNAgent, rainbow: RainbowAgent, iqn: IQNAgent, 'm-iqn': MunchausenIQNAgent } as const;
  const agent: ValueAgent = new constructors[options.agent](input);
  const countsWhen = options.countsWhen;
  const run = trainAndEvaluate({
    agent,
    env,
    evalEnv,
    seed: options.seed,
    maxSteps,
    evalEvery,
    evalEpisodes,
    solved: (meanReturn) => meanReturn >= threshold,
    ...(countsWhen ? { countsWhen: () => countsWhen(agent) } : {}),
  });
  return { agent, ...run };
}
