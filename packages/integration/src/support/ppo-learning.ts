import { AdamOptimizer, PPOAgent, type PPOOptions } from '@prunerl/agents';
import type { Box, Discrete, UpdateHook } from '@prunerl/core';
import { make } from '@prunerl/environments';
import { QNetworkFactory } from '@prunerl/networks';
import { trainAndEvaluate, type Evaluation } from './train-and-evaluate';

/** What {@link learnWithPPO} reports (`evaluations[0]` is the untrained agent, at step 0). */
export interface PPORun {
  readonly agent: PPOAgent;
  readonly solvedAt: number | undefined;
  readonly evaluations: readonly Evaluation[];
}

/** Options of {@link learnWithPPO}. */
export interface PPOLearningOptions {
  /** A registered environment id (`CartPole-v1`, `Pendulum-v1`). */
  readonly envId: string;
  readonly seed: number;
  readonly maxSteps: number;
  readonly evalEvery: number;
  /** Episodes per evaluation. Default 5. */
  readonly evalEpisodes?: number;
  /** Mean evaluation return to beat. */
  readonly threshold: number;
  readonly learningRate?: number;
  /** Hidden layers of the policy and the value network. Default [64, 64]. */
  readonly hiddenSizes?: readonly number[];
  readonly hooks?: readonly UpdateHook[];
  readonly ppo?: PPOOptions;
  readonly countsWhen?: () => boolean;
}

/**
 * Trains PPO on one environment (prunerl's Gymnasium ports and networks): (64, 64) ReLU MLPs for the
 * policy and the value network, Adam (epsilon 1e-5, as CleanRL and SB3), the given PPO options on
 * top of PPO's defaults. Evaluates every `evalEvery` steps with `eval` actions on a separate
 * environment and stops at the first evaluation above `threshold`.
 */
export function learnWithPPO(options: PPOLearningOptions): PPORun {
  const env = make(options.envId);
  const evalEnv = make(options.envId);
  const observationShape = [...env.observationSpace.shape];
  const agent = new PPOAgent({
    networkFactory: new QNetworkFactory({ torso: 'mlp', head: 'q', width: 1, hiddenSizes: [...(options.hiddenSizes ?? [64, 64])] }),
    optimizer: new AdamOptimizer({ learningRate: options.learningRate ?? 3e-4, epsilon: 1e-5 }),
    hooks: options.hooks ?? [],
    observationShape,
    actionSpace: env.actionSpace as Box | Discrete,
    totalSteps: options.maxSteps,
    seed: options.seed,
    ...options.ppo,
  });
  const run = trainAndEvaluate({
    agent,
    env,
    evalEnv,
    seed: options.seed,
    maxSteps: options.maxSteps,
    evalEvery: options.evalEvery,
    evalEpisodes: options.evalEpisodes ?? 5,
    solved: (meanReturn) => meanReturn > options.threshold,
    ...(options.countsWhen ? { countsWhen: options.countsWhen } : {}),
  });
  return { agent, ...run };
}
