import { ConfigError } from '@prunerl/core';
import { updateScheduleOf } from './update-schedule';

/** The fields {@link checkCoherence} reads (a resolved config). */
interface CoherenceInput {
  readonly environment: { readonly id: string };
  readonly agent: { readonly name: string; readonly options: Readonly<Record<string, unknown>> };
  readonly replay: { readonly name: string; readonly capacity?: number | undefined; readonly options?: Readonly<Record<string, unknown>> };
  readonly network?: { readonly options: Readonly<Record<string, unknown>> };
  readonly pruner: { readonly name: string; readonly options: Readonly<Record<string, unknown>> } | null;
  readonly hooks: readonly { readonly name: string }[];
  readonly budget: { readonly iterations: number; readonly stepsPerIteration: number; readonly frameSkip: number };
  readonly logging: { readonly diagnosticsEvery: number; readonly replay: boolean };
  readonly evaluation: { readonly episodes: number };
  readonly offline?: { readonly datasets: readonly unknown[] } | undefined;
}

/** Environment families that step one frame per agent step (no frame skip of their own). */
const NO_FRAME_SKIP = /^(MinAtar\/|CartPole-|Acrobot-|MountainCar-|MountainCarContinuous-|Pendulum-)/;

function numberOption(options: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Rejects configs that are valid field by field but cannot work as a whole, before anything runs
 * (`ConfigError` naming the field, the value and what would work with the rest):
 * - a replay buffer smaller than the warm-up (`minReplayHistory`) or than one batch: the agent
 *   would never train, or never fill a batch;
 * - a budget too short to make any gradient update (`plannedUpdates` is 0) with a pruner or update
 *   hooks, which would never act;
 * - a pruning schedule in absolute updates that ends after the run's last update (the target
 *   sparsity would never be reached) or starts after it (nothing would be pruned);
 * - diagnostics every N iterations with N larger than the run (none would be logged);
 * - a frame skip on environments that have none (the frames budget would count 1 step as N frames);
 * - an offline run without evaluation episodes (its only score), with another replay buffer than
 *   `fixed`, or logging a dataset (it steps no environment while training); the `fixed` buffer
 *   without `offline.datasets` to serve;
 * - a prioritized replay for CQL; what an actor-critic agent would silently ignore or get wrong: NoisyNet layers in SAC's or PPO's
 *   networks, an n-step or prioritized replay for SAC, an input scale on SAC's critics (which see
 *   the actions too), a replay `gamma` other than PPO's `discount`.
 *
 * `plannedUpdates` is the run's gradient-update count when the agent's options tell it.
 */
export function checkCoherence(config: CoherenceInput, plannedUpdates: number | undefined): void {
  const options = config.agent.options;
  const totalSteps = config.budget.iterations * config.budget.stepsPerIteration;
  const capacity = config.replay.capacity;
  // The agent's own default when its options leave it out (SAC's 1,000 random steps).
  const warmUp = updateScheduleOf(config).minReplayHistory;
  const batchSize = numberOption(options, 'batchSize');
  if (capacity !== undefined && warmUp !== undefined && capacity < warmUp) {
    throw new ConfigError({
      field: 'replay.capacity',
      value: capacity,
      expected: `at least agent.options.minReplayHistory = ${warmUp} (the agent starts training once the buffer holds that many transitions)`,
    });
  }
  if (capacity !== undefined && batchSize !== undefined && capacity < batchSize) {
    throw new ConfigError({ field: 'replay.capacity', value: capacity, expected: `at least agent.options.batchSize = ${batchSize}` });
  }
  // A run without updates is legitimate on its own (it measures the initial policy), but not with
  // a pruner or hooks, which act only on updates.
  if (plannedUpdates === 0 && (config.pruner || config.hooks.length > 0)) {
    throw new ConfigError({
      field: 'budget',
      value: `${totalSteps} steps`,
      expected: `more environment steps than agent.options.minReplayHistory (${warmUp ?? '?'}), so the agent makes gradient updates for its ${config.pruner ? `pruner (${config.pruner.name})` : 'hooks'} to act on`,
    });
  }
  if (config.pruner && plannedUpdates !== undefined) {
    const start = numberOption(config.pruner.options, 'startStep');
    const end = numberOption(config.pruner.options, 'endStep');
    if (end !== undefined && end > plannedUpdates) {
      throw new ConfigError({
        field: 'pruner.options.endStep',
        value: end,
        expected: `at most the run's ${plannedUpdates} gradient updates (the target sparsity would never be reached; or give startFraction/endFraction)`,
      });
    }
    if (start !== undefined && start >= plannedUpdates) {
      throw new ConfigError({ field: 'pruner.options.startStep', value: start, expected: `less than the run's ${plannedUpdates} gradient updates (nothing would be pruned)` });
    }
  }
  if (config.logging.diagnosticsEvery > config.budget.iterations) {
    throw new ConfigError({
      field: 'logging.diagnosticsEvery',
      value: config.logging.diagnosticsEvery,
      expected: `at most budget.iterations = ${config.budget.iterations} (or 0 for none): no diagnostics would be logged`,
    });
  }
  checkOfflineCoherence(config);
  checkActorCriticCoherence(config);
  if (config.budget.frameSkip !== 1 && NO_FRAME_SKIP.test(config.environment.id)) {
    throw new ConfigError({ field: 'budget.frameSkip', value: config.budget.frameSkip, expected: `1: ${config.environment.id} has no frame skip (one frame per agent step)` });
  }
}

/** PPO's `discount` when its options leave it out (`@prunerl/agents`' `resolvePPOOptions`). */
const PPO_DEFAULT_DISCOUNT = 0.99;

function checkActorCriticCoherence(config: CoherenceInput): void {
  const agent = config.agent.name;
  if ((agent === 'cql' || agent === 'cql-c51') && config.replay.name === 'prioritized') {
    throw new ConfigError({ field: 'replay.name', value: 'prioritized', expected: `a uniform buffer for ${agent} (its per-sample loss holds the CQL term: priorities from it would not be TD errors)` });
  }
  if (agent !== 'sac' && agent !== 'ppo') return;
  const replayOptions = config.replay.options ?? {};
  const networkOptions = config.network?.options ?? {};
  if (networkOptions['noisy'] === true) {
    throw new ConfigError({
      field: 'network.options.noisy',
      value: true,
      expected: `false for ${agent}: it explores through its policy, and NoisyNet noise drawn anew on every forward pass would ${agent === 'ppo' ? "make PPO's importance ratio differ from 1 before any update" : "add parameter noise to SAC's actor, critics and targets"}`,
    });
  }
  if (agent === 'sac') {
    const nStep = numberOption(replayOptions, 'nStep');
    if (nStep !== undefined && nStep !== 1) {
      throw new ConfigError({ field: 'replay.options.nStep', value: nStep, expected: "1 for sac (its soft targets are one-step: an n-step return would leave out the in-between steps' entropy terms and need an off-policy correction)" });
    }
    if (config.replay.name === 'prioritized') {
      throw new ConfigError({ field: 'replay.name', value: 'prioritized', expected: 'a uniform buffer for sac (it applies no importance weights and sets no priorities: TF-Agents, CleanRL and SB3 sample uniformly)' });
    }
    const inputScale = numberOption(networkOptions, 'inputScale');
    if (inputScale !== undefined && inputScale !== 1) {
      throw new ConfigError({ field: 'network.options.inputScale', value: inputScale, expected: "1 for sac (its critics' input is the observation and the action together: the scale would shrink the actions too)" });
    }
  }
  if (agent === 'ppo') {
    const gamma = numberOption(replayOptions, 'gamma');
    const discount = numberOption(config.agent.options, 'discount') ?? PPO_DEFAULT_DISCOUNT;
    if (gamma !== undefined && gamma !== discount) {
      throw new ConfigError({
        field: 'replay.options.gamma',
        value: gamma,
        expected: `agent.options.discount = ${discount} for ppo (PPO discounts its returns with its own discount; the replay buffer only serves the diagnostics)`,
      });
    }
  }
}

function checkOfflineCoherence(config: CoherenceInput): void {
  if (!config.offline) {
    if (config.replay.name === 'fixed') {
      throw new ConfigError({ field: 'offline', value: undefined, expected: 'offline.datasets: the "fixed" replay buffer serves logged datasets (an offline run); or another replay.name' });
    }
    return;
  }
  if (config.replay.name !== 'fixed') {
    throw new ConfigError({ field: 'replay.name', value: config.replay.name, expected: '"fixed" in an offline run (the buffer that serves offline.datasets)' });
  }
  if (config.evaluation.episodes < 1) {
    throw new ConfigError({ field: 'evaluation.episodes', value: config.evaluation.episodes, expected: 'at least 1 in an offline run (evaluation episodes in the environment are its only score)' });
  }
  if (config.logging.replay) {
    throw new ConfigError({ field: 'logging.replay', value: true, expected: 'false in an offline run (it steps no environment while training: there is nothing to log)' });
  }
}
