import { ConfigError, Rng, StateError, TrainingError, type Action, type AgentState, type MetricRecord, type ObserveResult, type MetricSink, type PersistentState, type RngState, type Transition, type TypedArray } from '@prunerl/core';
import { decodeState, encodeState } from '../checkpoint/state-codec';
import type { CheckpointHandle } from '../checkpoint/checkpoint-types';
import { encodeEpisodeActions, observationDigest, readPersistentState, replayEpisode, writePersistentState } from './episode-environment';
import type { ExperimentParts } from './experiment-parts';
import type { LoopCheckpoints, LoopLogFile } from './loop-storage';
import { yieldToEventLoop } from './yield-to-event-loop';
import { CHECKPOINT_FILES, decodeLoopState, emptyStats, encodeLoopState, logOffsetOf, type IterationStats } from './loop-state';

/**
 * Metrics the loop writes once per episode (the rest are per iteration): what an archive leaves
 * out, since a run of 1M frames logs tens of thousands of them.
 */
export const EPISODE_METRICS: ReadonlySet<string> = new Set(['train/episode_return', 'train/episode_length']);

/**
 * Receives every training transition with the epsilon its action was chosen with (a dataset writer).
 * Datasets hold discrete actions: the loop refuses a log for an agent whose actions are continuous.
 */
export interface TransitionLog {
  append(transition: Transition<TypedArray>, epsilon: number): void;
}

/** Options of {@link ExperimentLoop}. */
export interface ExperimentLoopOptions {
  /** The run's seed: the runner's own streams (episode seeds) derive from it. */
  readonly seed: number;
  readonly iterations: number;
  /**
   * Training steps per iteration: environment steps (the episode that crosses the mark runs to its
   * end, as Dopamine's runner does), or gradient steps when `offline`.
   */
  readonly stepsPerIteration: number;
  /**
   * Offline RL (Dopamine's `FixedReplayRunner`): each iteration makes `stepsPerIteration` calls of
   * the agent's `trainStep` (a gradient step from its fixed replay; no environment step), then the
   * evaluation episodes, which are the iteration's score (`return`). Default false.
   */
  readonly offline?: boolean;
  /** Receives every training transition, in order (dataset logging; list it in `logFiles` too so checkpoints keep it in step). */
  readonly transitionLog?: TransitionLog;
  /** Frames per agent step, for the `frames` column (1 for MinAtar). */
  readonly frameSkip?: number;
  /** Evaluation episodes after an iteration (0: none). */
  readonly evalEpisodes?: number;
  /** Evaluate every N iterations (and always after the last). */
  readonly evalEvery?: number;
  /** Receives every metric record. */
  readonly sinks?: readonly MetricSink[];
  /** Log files whose sizes checkpoints record, keyed by a stable name; resume truncates them. */
  readonly logFiles?: Readonly<Record<string, LoopLogFile>>;
  /** Where checkpoints go; without one nothing is saved. */
  readonly checkpoints?: LoopCheckpoints;
  /** Extra labels on every record (e.g. `{ seed }`). */
  readonly tags?: Readonly<Record<string, string | number>>;
  /** Called about every 0.25 s and at iteration ends. */
  readonly onProgress?: (progress: ExperimentProgress) => void;
  /** Called after each iteration's checkpoint. A thrown error ends the run there (tests use it as a crash). */
  readonly onIterationEnd?: (summary: IterationSummary) => void | Promise<void>;
  /** Polled after every environment step: when it returns true the loop checkpoints and returns. */
  readonly shouldStop?: () => boolean;
  /**
   * Optional probe run at the end of an iteration (network diagnostics on a replay batch); its
   * records are written with the iteration's. It must be deterministic for resume to match.
   */
  readonly diagnostics?: (context: { readonly iteration: number; readonly step: number; readonly tags: Readonly<Record<string, string | number>> }) => readonly MetricRecord[];
  /** Diagnostics every N iterations (0: never). */
  readonly diagnosticsEvery?: number;
  /** Time source (tests fix it). Default `performance.now`. */
  readonly now?: () => number;
}

/** What the loop reports while it runs. */
export interface ExperimentProgress {
  readonly phase: 'train' | 'eval';
  /** What `totalSteps` and the iteration budget count: environment steps, or gradient steps offline. */
  readonly stepUnit: 'environment' | 'gradient';
  /** 0-based index of the iteration in progress (the last one once all are done). */
  readonly iteration: number;
  readonly iterations: number;
  /** Iterations finished so far (their logs and checkpoints are written). */
  readonly completedIterations: number;
  readonly iterationSteps: number;
  readonly stepsPerIteration: number;
  /** Training steps since the start of the run (environment steps; gradient steps offline). */
  readonly totalSteps: number;
  /** `iterations * stepsPerIteration` (the real total is a little more: episodes finish). */
  readonly plannedSteps: number;
  /** Training steps per second, over this process's life. */
  readonly stepsPerSecond: number;
  readonly episodes: number;
  /** Mean return of the last completed iteration, if any. */
  readonly lastReturn: number | undefined;
}

/** One iteration's results (also written as records). */
export interface IterationSummary {
  readonly iteration: number;
  readonly totalSteps: number;
  readonly frames: number;
  readonly episodes: number;
  /** Mean undiscounted return of the training episodes that ended in this iteration. */
  readonly trainReturn: number | undefined;
  readonly evalReturn: number | undefined;
  readonly loss: number | undefined;
  readonly sparsity: number | undefined;
  /** Training env steps per second in this process. */
  readonly stepsPerSecond: number;
  /** Seconds of training so far, over every process that worked on the run. */
  readonly trainSeconds: number;
}

/** How {@link ExperimentLoop.run} ended. */
export type ExperimentOutcome = { readonly status: 'complete'; readonly iterations: number } | { readonly status: 'interrupted'; readonly iteration: number; readonly totalSteps: number };

/** The episode in progress. */
interface LiveEpisode {
  seed: number;
  /** The environment's persistent state right after the episode's `reset`. */
  lastActionAtStart: PersistentState | undefined;
  /** Integers (discrete), or `Float32Array`s (continuous actions). */
  actions: Action[];
  observation: TypedArray;
  return: number;
  length: number;
}

const mean = (values: readonly number[]): number | undefined => (values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length);

/** Episode seeds are drawn below 2^31 so every environment's `reset({ seed })` accepts them. */
const SEED_LIMIT = 2 ** 31;

/**
 * Dopamine's iteration protocol over one agent and environment, with checkpoints and resume.
 *
 * Each iteration runs training episodes until at least `stepsPerIteration` steps were taken (the
 * episode that crosses the mark runs to completion, so iterations end at episode boundaries), then
 * `evalEpisodes` evaluation episodes on a separate environment, then writes the iteration's records
 * (mean training return, losses, sparsity, hook metrics, steps/s) and a checkpoint.
 *
 * Determinism: every episode starts with `reset({ seed })`, the seed drawn from the runner's own
 * stream (`root/runner/episodes`), so environments need no state of their own in a checkpoint
 * beyond what survives `reset` (`Environment.persistentState`: MinAtar's sticky last action), which
 * is saved and restored. A checkpoint taken in the middle of an episode (on Ctrl-C) records the
 * episode's seed and actions; resuming replays them. The checkpoint's format is `loop-state.ts`'s.
 *
 * Offline (`offline: true`, Dopamine's `FixedReplayRunner`), an iteration's training is
 * `stepsPerIteration` gradient steps (`Agent.trainStep`, from the agent's fixed replay), and its
 * evaluation return is its `return`; the step counters count gradient steps. With a
 * `transitionLog`, every training transition goes to it with the epsilon its action was chosen with
 * (listed among `logFiles`, it is cut back on resume like the logs).
 */
export class ExperimentLoop {
  private readonly episodeSeeds: Rng;
  private readonly evalSeeds: Rng;
  private readonly frameSkip: number;
  private readonly evalEpisodes: number;
  private readonly evalEvery: number;
  private readonly now: () => number;
  private iteration = 0;
  private phase: 'train' | 'eval' = 'train';
  private totalSteps = 0;
  private totalEpisodes = 0;
  private stats: IterationStats = emptyStats();
  private episode: LiveEpisode | undefined;
  private sequence = 0;
  private trainSeconds = 0;
  private lastReturn: number | undefined;
  private lastProgressAt = -Infinity;
  private lastYieldAt = 0;
  private processSteps = 0;
  private processStart = 0;
  /** State at the start of the current evaluation phase, so an interrupt there restarts it cleanly. */
  private evalStart: { agent: AgentState; evalSeeds: RngState; evalLastAction: PersistentState | undefined } | undefined;

  constructor(
    private readonly parts: ExperimentParts,
    private readonly options: ExperimentLoopOptions,
  ) {
    const runner = Rng.fromSeed(options.seed).split('runner');
    this.episodeSeeds = runner.split('episodes');
    this.evalSeeds = runner.split('eval-episodes');
    this.frameSkip = options.frameSkip ?? 1;
    this.evalEpisodes = options.evalEpisodes ?? 0;
    this.evalEvery = options.evalEvery ?? 1;
    this.now = options.now ?? (() => performance.now());
    if (options.offline && typeof parts.agent.trainStep !== 'function') {
      throw new ConfigError({ field: 'agent.name', value: parts.agent.kind, expected: 'an agent that trains offline (Agent.trainStep), for an offline run' });
    }
    if (options.offline && this.evalEpisodes < 1) {
      throw new ConfigError({ field: 'evaluation.episodes', value: this.evalEpisodes, expected: 'at least 1 in an offline run (its only score)' });
    }
  }

  /** Iterations completed so far. */
  get completedIterations(): number {
    return this.iteration;
  }

  /** Training environment steps so far. */
  get steps(): number {
    return this.totalSteps;
  }

  /**
   * Continues from a checkpoint: the agent, replay buffer, runner streams and counters, the log
   * files cut back to where they stood, and the episode in progress replayed. Throws a `StateError`
   * (from whichever part refuses its state) when the checkpoint does not fit this experiment.
   */
  async restore(store: LoopCheckpoints, handle: CheckpointHandle): Promise<void> {
    const state = decodeLoopState(await store.readFile(handle, CHECKPOINT_FILES.runner), this.options.seed);
    const agentState = decodeState(await store.readFile(handle, CHECKPOINT_FILES.agent)) as AgentState;
    this.parts.agent.restore(agentState);
    await this.parts.replay.restore(store.streamFile(handle, CHECKPOINT_FILES.replay));
    this.episodeSeeds.restore(state.rng.episodes);
    this.evalSeeds.restore(state.rng.evalEpisodes);
    for (const [name, file] of Object.entries(this.options.logFiles ?? {})) file.truncate(logOffsetOf(state, name));
    this.iteration = state.iteration;
    this.phase = state.phase;
    this.totalSteps = state.totalSteps;
    this.totalEpisodes = state.totalEpisodes;
    this.stats = { ...emptyStats(), ...state.stats };
    this.sequence = state.sequence;
    this.trainSeconds = state.trainSeconds;
    writePersistentState(this.parts.evalEnv, state.evalEnv.lastAction);
    if (state.env.episode) {
      const { observation, ended, actions } = await replayEpisode(this.parts.env, state.env.episode);
      if (ended) throw new StateError({ field: 'checkpoint episode', value: 'ended', expected: 'an episode still in progress' });
      this.episode = {
        seed: state.env.episode.seed,
        lastActionAtStart: state.env.episode.lastActionAtStart,
        actions,
        observation,
        return: state.env.episodeReturn,
        length: state.env.episodeLength,
      };
    } else {
      writePersistentState(this.parts.env, state.env.lastAction);
      this.episode = undefined;
    }
  }

  /**
   * Runs the remaining iterations. Returns when all are done, or after the step during which
   * `shouldStop()` turned true (with a checkpoint of that exact point). After such a stop, calling
   * `run()` again in the same process continues where it stopped (a paused run in a browser): the
   * episode in progress goes on, and an interrupted evaluation starts again from its saved start,
   * so the records are those of an uninterrupted run.
   */
  async run(): Promise<ExperimentOutcome> {
    this.processStart = this.now();
    this.processSteps = 0;
    const { iterations } = this.options;
    while (this.iteration < iterations) {
      if (this.phase === 'train') {
        const stopped = this.options.offline ? await this.offlineTrainPhase() : await this.trainPhase();
        if (stopped) return this.interrupt();
        this.phase = 'eval';
      }
      const evaluate = this.evalEpisodes > 0 && ((this.iteration + 1) % this.evalEvery === 0 || this.iteration + 1 === iterations);
      let evalReturn: number | undefined;
      if (evaluate) {
        const result = await this.evalPhase();
        if (result === 'stopped') return this.interrupt();
        evalReturn = result;
      }
      const summary = this.finishIteration(evalReturn);
      if (summary.loss !== undefined && !Number.isFinite(summary.loss)) {
        // A diverged run is over: its records show the NaN; the last checkpoint stays the one before.
        for (const sink of this.options.sinks ?? []) await sink.flush?.();
        throw new TrainingError({
          field: 'train/loss',
          value: summary.loss,
          expected: 'a finite mean loss',
          hint: `The run diverged in iteration ${summary.iteration + 1} (by step ${summary.totalSteps}): lower the learning rate, or check the rewards and the network.`,
        });
      }
      await this.checkpoint();
      this.report(true);
      await this.options.onIterationEnd?.(summary);
    }
    for (const sink of this.options.sinks ?? []) await sink.flush?.();
    return { status: 'complete', iterations: this.iteration };
  }

  /** Training episodes until the iteration's step budget is met. Returns true when stopped. */
  private async trainPhase(): Promise<boolean> {
    const { env, agent } = this.parts;
    const { stepsPerIteration } = this.options;
    this.lastYieldAt = this.now();
    while (this.episode !== undefined || this.stats.steps < stepsPerIteration) {
      if (this.episode === undefined) {
        const seed = this.episodeSeeds.uniformInt(0, SEED_LIMIT);
        const { observation } = env.reset({ seed });
        this.episode = { seed, lastActionAtStart: readPersistentState(env), actions: [], observation, return: 0, length: 0 };
      }
      const episode = this.episode;
      const action = agent.act(episode.observation, 'train');
      // The behaviour policy's epsilon for this action: read before `observe` counts the step.
      const epsilon = agent.epsilon ?? Number.NaN;
      const result = env.step(action);
      const transition = {
        observation: episode.observation,
        action,
        reward: result.reward,
        nextObservation: result.observation,
        terminated: result.terminated,
        truncated: result.truncated,
      };
      this.countStep(agent.observe(transition));
      if (this.options.transitionLog) {
        if (typeof action !== 'number') {
          throw new ConfigError({ field: 'logging.replay', value: true, expected: `false for agent "${agent.kind}": logged datasets hold discrete actions, and its actions are continuous` });
        }
        this.options.transitionLog.append({ ...transition, action }, epsilon);
      }
      episode.actions.push(action);
      episode.observation = result.observation;
      episode.return += result.reward;
      episode.length += 1;
      if (result.terminated || result.truncated) {
        this.stats.returns.push(episode.return);
        this.stats.lengths.push(episode.length);
        this.totalEpisodes += 1;
        this.write({ step: this.totalSteps, name: 'train/episode_return', value: episode.return, tags: this.tags('train') });
        this.write({ step: this.totalSteps, name: 'train/episode_length', value: episode.length, tags: this.tags('train') });
        this.episode = undefined;
      }
      if (await this.paceStep()) return true;
    }
    return false;
  }

  /**
   * Offline training: gradient steps (`agent.trainStep`) until the iteration's budget is met. Returns
   * true when stopped (checked after every step, so an interrupt costs at most one step).
   */
  private async offlineTrainPhase(): Promise<boolean> {
    const { agent } = this.parts;
    const { stepsPerIteration } = this.options;
    this.lastYieldAt = this.now();
    while (this.stats.steps < stepsPerIteration) {
      this.countStep(agent.trainStep!());
      if (await this.paceStep()) return true;
    }
    return false;
  }

  /** Counts one training step (an environment step, or a gradient step offline) and the updates it made. */
  private countStep(outcome: ObserveResult): void {
    if (outcome.updates > 0 && outcome.loss !== undefined) {
      this.stats.lossSum += outcome.loss * outcome.updates;
      this.stats.lossCount += outcome.updates;
    }
    this.stats.updates += outcome.updates;
    this.stats.steps += 1;
    this.totalSteps += 1;
    this.processSteps += 1;
  }

  /**
   * After every training step: progress now and then, a turn of the event loop every 20 ms (not every
   * step: it costs ~10 us) so that SIGINT is noticed within a few milliseconds, and the stop check,
   * which runs after every step. Returns whether to stop.
   */
  private async paceStep(): Promise<boolean> {
    if (this.now() - this.lastProgressAt > 250) this.report(false);
    if (this.now() - this.lastYieldAt > 20) {
      await yieldToEventLoop();
      this.lastYieldAt = this.now();
    }
    return this.options.shouldStop?.() === true;
  }

  /** Evaluation episodes with the agent's `eval` mode; the mean return, or 'stopped'. */
  private async evalPhase(): Promise<number | 'stopped'> {
    const { evalEnv, agent } = this.parts;
    if (this.evalStart) {
      // An evaluation this process interrupted: acting in eval mode used the agent's and the
      // episodes' streams, so put them back as they were at its start (as a checkpoint would).
      agent.restore(this.evalStart.agent);
      this.evalSeeds.restore(this.evalStart.evalSeeds);
      writePersistentState(evalEnv, this.evalStart.evalLastAction);
    } else {
      this.evalStart = { agent: agent.state(), evalSeeds: this.evalSeeds.state(), evalLastAction: readPersistentState(evalEnv) };
    }
    const returns: number[] = [];
    let lastYield = this.now();
    for (let e = 0; e < this.evalEpisodes; e++) {
      let { observation } = evalEnv.reset({ seed: this.evalSeeds.uniformInt(0, SEED_LIMIT) });
      let total = 0;
      for (;;) {
        const result = evalEnv.step(agent.act(observation, 'eval'));
        total += result.reward;
        observation = result.observation;
        if (this.now() - lastYield > 20) {
          await yieldToEventLoop();
          lastYield = this.now();
        }
        if (this.options.shouldStop?.()) return 'stopped';
        if (result.terminated || result.truncated) break;
      }
      returns.push(total);
      if (this.now() - this.lastProgressAt > 250) this.report(false);
    }
    this.write({ step: this.totalSteps, name: 'eval/episodes', value: returns.length, tags: this.tags('eval') });
    const value = mean(returns)!;
    this.write({ step: this.totalSteps, name: 'eval/return', value, tags: this.tags('eval') });
    return value;
  }

  /** Writes the iteration's records and starts the next iteration's counters. */
  private finishIteration(evalReturn: number | undefined): IterationSummary {
    const { agent, hooks, pruner } = this.parts;
    const step = this.totalSteps;
    const tags = this.tags('train');
    const trainReturn = mean(this.stats.returns);
    const loss = this.stats.lossCount > 0 ? this.stats.lossSum / this.stats.lossCount : undefined;
    const elapsed = this.trainSecondsNow();
    const processSeconds = (this.now() - this.processStart) / 1000;
    const stepsPerSecond = processSeconds > 0 ? this.processSteps / processSeconds : 0;
    const offline = this.options.offline === true;
    const scalars: Record<string, number | undefined> = {
      // `return` and `sparsity` are the names @prunerl/evaluation's report reads (RUN_METRICS). An
      // offline run has no training episodes: its evaluation return is its score.
      return: offline ? evalReturn : trainReturn,
      'train/episodes': offline ? undefined : this.stats.returns.length,
      'train/episode_length_mean': mean(this.stats.lengths),
      'train/steps': this.stats.steps,
      'train/frames': offline ? undefined : step * this.frameSkip,
      'train/loss': loss,
      'train/updates': this.stats.updates,
      'agent/updates': agent.updates,
      'agent/steps': agent.steps,
    };
    const agentMetrics = agent.metrics?.();
    if (agentMetrics) {
      for (const [name, value] of Object.entries(agentMetrics)) if (!(name in { steps: 1, updates: 1, loss: 1 })) scalars[`agent/${name}`] = value;
    } else {
      for (const hook of hooks) for (const [name, value] of Object.entries(hook.metrics?.() ?? {})) scalars[`agent/${hook.name}/${name}`] = value;
    }
    let sparsity: number | undefined;
    if (pruner) {
      const report = pruner.sparsity();
      sparsity = report.overall;
      scalars.sparsity = report.overall;
      scalars.sparsity_target = report.target;
      scalars.sparsity_total = report.total;
    }
    for (const [name, value] of Object.entries(scalars)) if (value !== undefined) this.write({ step, name, value, tags });
    const diagnosticsEvery = this.options.diagnosticsEvery ?? 0;
    if (this.options.diagnostics && diagnosticsEvery > 0 && (this.iteration + 1) % diagnosticsEvery === 0) {
      for (const record of this.options.diagnostics({ iteration: this.iteration, step, tags })) this.write(record);
    }
    // Timing last and apart (names under `time/`), so comparisons of two runs can drop them.
    this.write({ step, name: 'time/env_steps_per_second', value: stepsPerSecond, tags });
    this.write({ step, name: 'time/train_seconds', value: elapsed, tags });
    const summary: IterationSummary = {
      iteration: this.iteration,
      totalSteps: step,
      frames: offline ? 0 : step * this.frameSkip,
      episodes: this.stats.returns.length,
      trainReturn,
      evalReturn,
      loss,
      sparsity,
      stepsPerSecond,
      trainSeconds: elapsed,
    };
    this.lastReturn = (offline ? evalReturn : trainReturn) ?? this.lastReturn;
    this.iteration += 1;
    this.phase = 'train';
    this.stats = emptyStats();
    this.evalStart = undefined;
    return summary;
  }

  /** Checkpoints the exact current point (mid-episode or mid-evaluation) and reports the stop. */
  private async interrupt(): Promise<ExperimentOutcome> {
    await this.checkpoint();
    // A later run() in this process (a paused run resumed) counts on from here.
    this.trainSeconds = this.trainSecondsNow();
    this.processStart = this.now();
    return { status: 'interrupted', iteration: this.iteration, totalSteps: this.totalSteps };
  }

  private trainSecondsNow(): number {
    return this.trainSeconds + (this.now() - this.processStart) / 1000;
  }

  /** Flushes the logs and writes a checkpoint of the loop, the agent and the replay buffer. */
  private async checkpoint(): Promise<void> {
    for (const sink of this.options.sinks ?? []) await sink.flush?.();
    for (const file of Object.values(this.options.logFiles ?? {})) file.flush(true);
    const store = this.options.checkpoints;
    if (!store) return;
    const inEval = this.phase === 'eval' && this.evalStart !== undefined;
    const episode = this.episode;
    this.sequence += 1;
    const state = encodeLoopState({
      seed: this.options.seed,
      iteration: this.iteration,
      phase: this.phase,
      totalSteps: this.totalSteps,
      totalEpisodes: this.totalEpisodes,
      stats: this.stats,
      rng: { episodes: this.episodeSeeds.state(), evalEpisodes: inEval ? this.evalStart!.evalSeeds : this.evalSeeds.state() },
      env: {
        lastAction: episode ? undefined : readPersistentState(this.parts.env),
        episode: episode
          ? { seed: episode.seed, lastActionAtStart: episode.lastActionAtStart, ...encodeEpisodeActions(episode.actions), observationDigest: await observationDigest(episode.observation) }
          : undefined,
        episodeReturn: episode?.return ?? 0,
        episodeLength: episode?.length ?? 0,
      },
      evalEnv: { lastAction: inEval ? this.evalStart!.evalLastAction : readPersistentState(this.parts.evalEnv) },
      logOffsets: Object.fromEntries(Object.entries(this.options.logFiles ?? {}).map(([name, file]) => [name, file.flushedOffset])),
      sequence: this.sequence,
      trainSeconds: this.trainSecondsNow(),
    });
    const agentState = inEval ? this.evalStart!.agent : this.parts.agent.state();
    await store.write(this.sequence, [
      { name: CHECKPOINT_FILES.runner, data: state },
      { name: CHECKPOINT_FILES.agent, data: encodeState(agentState) },
      { name: CHECKPOINT_FILES.replay, data: this.parts.replay.state() },
    ]);
  }

  private tags(phase: 'train' | 'eval'): Record<string, string | number> {
    return { ...this.options.tags, iteration: this.iteration, phase };
  }

  private write(record: MetricRecord): void {
    for (const sink of this.options.sinks ?? []) sink.write(record);
  }

  private report(force: boolean): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    const now = this.now();
    if (!force && now - this.lastProgressAt < 250) return;
    this.lastProgressAt = now;
    const seconds = (now - this.processStart) / 1000;
    onProgress({
      stepUnit: this.options.offline ? 'gradient' : 'environment',
      phase: this.phase,
      iteration: Math.min(this.iteration, this.options.iterations - 1),
      iterations: this.options.iterations,
      completedIterations: this.iteration,
      iterationSteps: this.stats.steps,
      stepsPerIteration: this.options.stepsPerIteration,
      totalSteps: this.totalSteps,
      plannedSteps: this.options.iterations * this.options.stepsPerIteration,
      // Not before half a second: a rate over the first few steps says nothing (0 reads as unknown).
      stepsPerSecond: seconds >= 0.5 ? this.processSteps / seconds : 0,
      episodes: this.totalEpisodes,
      lastReturn: this.lastReturn,
    });
  }
}
