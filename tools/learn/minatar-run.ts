/**
 * One MinAtar training run of a prunerl agent with the `minatar` preset, reported per iteration.
 * Shared by `minatar.ts` (one run, any game) and `minatar-compare.ts` (dense vs GMP, the README's
 * main job).
 */
import { createOptimizer, DQNAgent, RainbowAgent, type ValueAgent } from '@prunerl/agents';
import { Rng, type Action, type Environment, type TypedArray, type UpdateHook } from '@prunerl/core';
import { make } from '@prunerl/environments';
import { QNetworkFactory } from '@prunerl/networks';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { PrioritizedReplayBuffer, UniformReplayBuffer } from '@prunerl/replay';
import { agentPreset } from '@prunerl/runner';

/** MinAtar games (`MinAtar/<Game>-v1`). */
export const MINATAR_GAMES = ['Asterix', 'Breakout', 'Freeway', 'Seaquest', 'SpaceInvaders'] as const;

/** What one run trains. */
export interface MinAtarRunOptions {
  readonly game: (typeof MINATAR_GAMES)[number];
  /** Env steps (MinAtar has no frame skip: frames = steps). */
  readonly frames: number;
  readonly agent: 'dqn' | 'rainbow';
  readonly torso: 'minatar-cnn' | 'impala';
  readonly width: number;
  /** Final sparsity of a GradualMagnitudePruner (paper defaults otherwise); `undefined`: dense. */
  readonly gmp: number | undefined;
  readonly seed: number;
  /** Env steps per reported iteration. */
  readonly iteration: number;
  readonly evalEpisodes: number;
  /** Evaluation stops after this many steps (across its episodes). */
  readonly evalMaxSteps: number;
  /** Replaces the preset's epsilon decay period (short demonstration budgets). */
  readonly epsilonDecayPeriod?: number;
}

/** One reported iteration. */
export interface MinAtarRow {
  readonly iteration: number;
  readonly frames: number;
  /** Mean return of the training episodes that ended in the iteration (null if none did). */
  readonly trainReturn: number | null;
  readonly episodes: number;
  readonly evalReturn: number;
  /** Measured overall sparsity of the prunable weights (0 when dense). */
  readonly sparsity: number;
  readonly loss: number | null;
  readonly epsilon: number;
  /** Env steps per second over the iteration, training and evaluation steps together. */
  readonly stepsPerSecond: number;
}

/** What {@link runMinAtar} returns at the end. */
export interface MinAtarSummary {
  readonly header: string;
  readonly rows: readonly MinAtarRow[];
  readonly updates: number;
  readonly minutes: number;
  readonly finalSparsity: number;
  /** Sparsity over every parameter, biases included (JaxPruner's summary). */
  readonly totalSparsity: number;
}

/** Episodes at epsilonEval; stops early once `maxSteps` steps are spent. */
function evaluate(agent: ValueAgent, env: Environment<TypedArray, Action>, episodes: number, maxSteps: number, seed: number): { mean: number; steps: number } {
  let total = 0;
  let steps = 0;
  let done = 0;
  for (let e = 0; e < episodes && steps < maxSteps; e++) {
    let observation = env.reset({ seed: seed + e }).observation;
    let episodeReturn = 0;
    for (;;) {
      const step = env.step(agent.act(observation, 'eval'));
      episodeReturn += step.reward;
      steps += 1;
      observation = step.observation;
      if (step.terminated || step.truncated || steps >= maxSteps) break;
    }
    total += episodeReturn;
    done += 1;
  }
  return { mean: total / Math.max(1, done), steps };
}

/** Trains, calling `onRow` after every iteration (for live printing). The backend must be started. */
export function runMinAtar(options: MinAtarRunOptions, onHeader: (header: string) => void, onRow: (row: MinAtarRow) => void): MinAtarSummary {
  const preset = agentPreset('minatar', options.agent);
  const id = `MinAtar/${options.game}-v1`;
  const env = make(id);
  const evalEnv = make(id);
  const observationShape = [...env.observationSpace.shape];
  const numActions = (env.actionSpace as unknown as { n: number }).n;
  const rng = Rng.fromSeed(options.seed);
  const replayOptions = {
    capacity: preset.replay.capacity,
    observationShape,
    observationDtype: 'uint8' as const,
    nStep: preset.replay.nStep,
    gamma: preset.replay.gamma,
  };
  const replay = preset.replay.kind === 'prioritized' ? new PrioritizedReplayBuffer(replayOptions) : new UniformReplayBuffer(replayOptions);
  const { torso: _torso, width: _width, ...head } = preset.network;
  const networkFactory = new QNetworkFactory({ ...head, torso: options.torso, width: options.width });
  const pruner = options.gmp === undefined ? undefined : new GradualMagnitudePruner({ sparsity: options.gmp, rng: rng.split('pruning') });
  const hooks: UpdateHook[] = pruner ? [pruner] : [];
  const input = {
    networkFactory,
    replay,
    optimizer: createOptimizer(preset.optimizer),
    hooks,
    numActions,
    observationShape,
    ...preset.agentOptions,
    ...(options.epsilonDecayPeriod !== undefined ? { epsilonDecayPeriod: options.epsilonDecayPeriod } : {}),
    totalSteps: options.frames,
    rng: rng.split('agent'),
  };
  const agent: ValueAgent = options.agent === 'dqn' ? new DQNAgent(input) : new RainbowAgent(input);
  const header =
    `${options.agent} ${id}, torso ${options.torso} x${options.width} (${agent.online.countParameters()} parameters), ${options.frames} frames, ` +
    `${options.gmp === undefined ? 'dense' : `GMP to ${options.gmp}`}, seed ${options.seed}, ${agent.totalUpdates} planned updates, ` +
    `epsilon decay ${agent.settings.epsilonDecayPeriod}`;
  onHeader(header);

  const rows: MinAtarRow[] = [];
  let observation = env.reset({ seed: options.seed }).observation;
  let episodeReturn = 0;
  const started = performance.now();
  let frames = 0;
  for (let iteration = 1; frames < options.frames; iteration++) {
    const iterationStart = performance.now();
    const returns: number[] = [];
    const first = frames;
    const end = Math.min(options.frames, frames + options.iteration);
    let lossSum = 0;
    let lossCount = 0;
    for (; frames < end; frames++) {
      const action = agent.act(observation, 'train');
      const step = env.step(action);
      episodeReturn += step.reward;
      const result = agent.observe({ observation, action, reward: step.reward, nextObservation: step.observation, terminated: step.terminated, truncated: step.truncated });
      if (result.loss !== undefined) {
        lossSum += result.loss;
        lossCount += 1;
      }
      if (step.terminated || step.truncated) {
        returns.push(episodeReturn);
        episodeReturn = 0;
        observation = env.reset().observation;
      } else {
        observation = step.observation;
      }
    }
    const evaluation = evaluate(agent, evalEnv, options.evalEpisodes, options.evalMaxSteps, 1_000_000 * (options.seed + 1) + iteration * 100);
    const seconds = (performance.now() - iterationStart) / 1000;
    const row: MinAtarRow = {
      iteration,
      frames,
      trainReturn: returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : null,
      episodes: returns.length,
      evalReturn: evaluation.mean,
      sparsity: pruner ? pruner.sparsity().overall : 0,
      loss: lossCount > 0 ? lossSum / lossCount : null,
      epsilon: agent.epsilon,
      stepsPerSecond: (end - first + evaluation.steps) / seconds,
    };
    rows.push(row);
    onRow(row);
  }
  const report = pruner?.sparsity();
  const summary: MinAtarSummary = {
    header,
    rows,
    updates: agent.updates,
    minutes: (performance.now() - started) / 60_000,
    finalSparsity: report?.overall ?? 0,
    totalSparsity: report?.total ?? 0,
  };
  agent.dispose();
  return summary;
}

/** Column titles of {@link formatRow}. */
export const ROW_HEADER = 'iteration     frames  train_return  episodes  eval_return  sparsity      loss  epsilon  steps/s';

/** One row as a fixed-width table line. */
export function formatRow(row: MinAtarRow): string {
  const fixed = (value: number | null, digits: number, width: number): string => (value === null ? '-' : value.toFixed(digits)).padStart(width);
  return [
    String(row.iteration).padStart(9),
    String(row.frames).padStart(10),
    fixed(row.trainReturn, 2, 13),
    String(row.episodes).padStart(9),
    fixed(row.evalReturn, 2, 12),
    fixed(row.sparsity, 4, 9),
    fixed(row.loss, 5, 9),
    fixed(row.epsilon, 4, 8),
    fixed(row.stepsPerSecond, 0, 8),
  ].join(' ');
}
