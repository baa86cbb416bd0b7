import { AdamOptimizer, SACAgent } from '@prunerl/agents';
import type { Box, UpdateHook } from '@prunerl/core';
import { make } from '@prunerl/environments';
import { QNetworkFactory } from '@prunerl/networks';
import { UniformReplayBuffer } from '@prunerl/replay';
import { trainAndEvaluate, type Evaluation } from './train-and-evaluate';

/** What {@link learnPendulum} reports (`evaluations[0]` is the untrained agent, at step 0). */
export interface PendulumRun {
  readonly agent: SACAgent;
  /** Env step of the first evaluation above the threshold, if any. */
  readonly solvedAt: number | undefined;
  readonly evaluations: readonly Evaluation[];
}

/** Options of {@link learnPendulum}. */
export interface PendulumLearningOptions {
  readonly seed: number;
  /** Hooks (pruners) to attach. */
  readonly hooks?: readonly UpdateHook[];
  /** Env steps at most. Default 20,000. */
  readonly maxSteps?: number;
  /** Env steps between evaluations. Default 1,000. */
  readonly evalEvery?: number;
  /** Episodes per evaluation. Default 5. */
  readonly evalEpisodes?: number;
  /** Mean evaluation return to beat. Default -250. */
  readonly threshold?: number;
  /** An extra condition for an evaluation to count (e.g. the pruner reached its final sparsity). */
  readonly countsWhen?: () => boolean;
  /** Hidden layers of the actor and each critic. Default [64, 64]. */
  readonly hiddenSizes?: readonly number[];
}

/**
 * Trains SAC on Pendulum-v1 (prunerl's Gymnasium port, networks and replay): a (64, 64) ReLU MLP for
 * the actor and each critic, batch 128, 1,000 random steps first, otherwise PAPER.md's SAC values
 * (Adam 3e-4, gamma 0.99, tau 0.005, learned temperature) but reward scale 1 (Pendulum's rewards
 * are already small per step). Evaluates every `evalEvery` steps with `eval` actions on a separate
 * environment and stops at the first evaluation whose mean return is above `threshold`.
 */
export function learnPendulum(options: PendulumLearningOptions): PendulumRun {
  const maxSteps = options.maxSteps ?? 20_000;
  const evalEvery = options.evalEvery ?? 1_000;
  const evalEpisodes = options.evalEpisodes ?? 5;
  const threshold = options.threshold ?? -250;
  const env = make('Pendulum-v1');
  const evalEnv = make('Pendulum-v1');
  const observationShape = [3];
  const agent = new SACAgent({
    networkFactory: new QNetworkFactory({ torso: 'mlp', head: 'q', width: 1, hiddenSizes: [...(options.hiddenSizes ?? [64, 64])] }),
    replay: new UniformReplayBuffer({ capacity: maxSteps, observationShape, observationDtype: 'float32', actionShape: [1], gamma: 0.99 }),
    optimizer: new AdamOptimizer({ learningRate: 3e-4 }),
    hooks: options.hooks ?? [],
    observationShape,
    actionSpace: env.actionSpace as Box,
    batchSize: 128,
    minReplayHistory: 1_000,
    rewardScale: 1,
    totalSteps: maxSteps,
    seed: options.seed,
  });
  const run = trainAndEvaluate({
    agent,
    env,
    evalEnv,
    seed: options.seed,
    maxSteps,
    evalEvery,
    evalEpisodes,
    solved: (meanReturn) => meanReturn > threshold,
    ...(options.countsWhen ? { countsWhen: options.countsWhen } : {}),
  });
  return { agent, ...run };
}
