import type { MetricRecord, TypedArray } from '@prunerl/core';
import { make } from '@prunerl/environments';
import { exportPolicy, TorsoHeadNetwork } from '@prunerl/networks';
import { composeExperiment, ExperimentLoop, resolveExperimentConfig, type ExperimentParts, type ResolvedExperimentConfig } from '@prunerl/runner/browser';
import * as tf from '@tensorflow/tfjs-core';
import type { MemoryReport, ProgressView, SessionState, WatchMode, WorkerMessage } from '../protocol';
import { toExperimentConfig, type PlaygroundSettings } from '../settings';
import { frameOf } from './frames';
import { GreedyPlayer } from './greedy-player';
import { prunerLayerViews } from './layer-views';

/** Sends a message to the page. */
export type Post = (message: WorkerMessage) => void;

/** The greedy episode shown after an iteration stops here (Freeway's last 2,501 steps). */
const MAX_DEMO_STEPS = 2_600;
/** Layer heat-maps are recomputed at most this often while training (and at every iteration's end). */
const LAYER_VIEW_MS = 1_000;

export const memoryReport = (): MemoryReport => {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One training run in the worker: the runner's parts (`composeExperiment`) driven by its
 * `ExperimentLoop`, which stops after any step when asked (pause, reset, the pace of live
 * watching) and continues when `run()` is called again. What the page shows is posted as it
 * happens: progress every ~0.5 s, every episode's return, every iteration's returns and the
 * pruner's layers, and the game's frames.
 */
export class TrainingSession {
  private readonly config: ResolvedExperimentConfig;
  private readonly parts: ExperimentParts;
  private readonly loop: ExperimentLoop;
  private readonly seed: number;
  private state: SessionState = 'paused';
  private stopReason: 'pause' | 'reset' | 'pace' | undefined;
  private driving: Promise<void> | undefined;
  private watch: { mode: WatchMode; speed: number } = { mode: 'iteration', speed: 30 };
  /** Training env steps, counted by the step wrapper (the loop's own count is per process run). */
  private trainSteps = 0;
  private episodes = 0;
  private lastObservation: TypedArray | undefined;
  private nextFrameAt = 0;
  private shownSteps = 0;
  private runningMs = 0;
  private runningSince: number | undefined;
  private lastReport = { at: 0, steps: 0, updates: 0 };
  private lastLayerViewAt = -Infinity;
  private phase: 'train' | 'eval' = 'train';

  constructor(
    settings: PlaygroundSettings,
    private readonly post: Post,
  ) {
    this.config = resolveExperimentConfig(toExperimentConfig(settings));
    this.seed = settings.seed;
    this.parts = composeExperiment(this.config, this.seed);
    this.watchTrainingSteps();
    this.loop = new ExperimentLoop(this.parts, {
      seed: this.seed,
      iterations: this.config.budget.iterations,
      stepsPerIteration: this.config.budget.stepsPerIteration,
      evalEpisodes: this.config.evaluation.episodes,
      sinks: [{ write: (record) => this.onRecord(record) }],
      onProgress: (progress) => {
        this.phase = progress.phase;
        this.report();
      },
      onIterationEnd: (summary) => {
        this.post({
          type: 'iteration',
          iteration: summary.iteration,
          trainReturn: summary.trainReturn === undefined ? undefined : { step: summary.totalSteps, value: summary.trainReturn },
          evalReturn: summary.evalReturn === undefined ? undefined : { step: summary.totalSteps, value: summary.evalReturn },
        });
        this.postLayers();
        if (this.watch.mode === 'iteration') this.showGreedyEpisode(summary.iteration);
      },
      shouldStop: () => this.shouldStop(),
    });
    this.post({
      type: 'started',
      method: this.config.method,
      parameters: this.parts.parameterCount,
      finalSparsity: typeof this.config.pruner?.options.sparsity === 'number' ? this.config.pruner.options.sparsity : undefined,
    });
  }

  /** Starts or continues training. */
  resume(): void {
    if (this.state === 'running' || this.state === 'complete') return;
    this.state = 'running';
    this.stopReason = undefined;
    this.runningSince = performance.now();
    this.lastReport = { at: performance.now(), steps: this.trainSteps, updates: this.parts.agent.updates };
    this.driving = this.drive();
  }

  /** Stops after the current step; the step counter stays where it is until `resume`. */
  async pause(): Promise<void> {
    if (this.state !== 'running') return;
    this.stopReason = 'pause';
    await this.driving;
  }

  setWatch(mode: WatchMode, speed: number): void {
    this.watch = { mode, speed: Math.min(240, Math.max(1, speed)) };
    this.nextFrameAt = 0;
  }

  /** The trained policy as a file (weights, masks, spec); see `exportPolicy`. */
  savePolicy(): Uint8Array {
    const online = this.parts.agent.online;
    if (!(online instanceof TorsoHeadNetwork)) throw new Error('this agent has no @prunerl/networks online network to save');
    return exportPolicy(online, {
      ...(this.parts.pruner ? { masks: this.parts.pruner.masks() } : {}),
      environment: { id: this.config.environment.id, options: this.config.environment.options },
      agent: this.config.agent.name,
      info: { method: this.config.method, seed: this.seed, envSteps: this.trainSteps, sparsity: this.parts.pruner?.sparsity().overall ?? 0, trainedIn: 'playground' },
    });
  }

  /** Stops and frees every tensor of the run (the page checks `tf.memory()` afterwards). */
  async dispose(): Promise<void> {
    if (this.state === 'running') {
      this.stopReason = 'reset';
      await this.driving;
    }
    this.state = 'idle';
    this.parts.dispose();
  }

  private async drive(): Promise<void> {
    while (this.state === 'running') {
      if (this.stopReason === 'pause' || this.stopReason === 'reset') {
        this.state = 'paused';
        break;
      }
      const outcome = await this.loop.run();
      if (outcome.status === 'complete') {
        this.state = 'complete';
        break;
      }
      // Stopped for a pause or reset (next turn), or paced by live watching: the next step when its frame is due.
      if (this.stopReason === 'pace') await sleep(Math.max(0, this.nextFrameAt - performance.now()));
    }
    if (this.runningSince !== undefined) this.runningMs += performance.now() - this.runningSince;
    this.runningSince = undefined;
    this.report(true);
    this.postLayers();
  }

  private shouldStop(): boolean {
    if (this.stopReason === 'pause' || this.stopReason === 'reset') return true;
    if (this.watch.mode !== 'live' || this.trainSteps === this.shownSteps) return false;
    // Live: one frame per training step, `speed` of them a second (evaluation steps are not shown).
    this.shownSteps = this.trainSteps;
    if (this.lastObservation) this.post({ type: 'frames', source: 'live', frames: [frameOf(this.parts.env, this.lastObservation)], episodeReturn: 0, done: false });
    const now = performance.now();
    this.nextFrameAt = Math.max(this.nextFrameAt, now - 1000 / this.watch.speed) + 1000 / this.watch.speed;
    if (this.nextFrameAt <= now) return false;
    this.stopReason = 'pace';
    return true;
  }

  /** Counts training steps and keeps the last observation (for live frames) by wrapping `env.step`. */
  private watchTrainingSteps(): void {
    const env = this.parts.env;
    const step = env.step.bind(env);
    env.step = (action) => {
      const result = step(action);
      this.trainSteps += 1;
      this.lastObservation = result.observation;
      return result;
    };
  }

  private onRecord(record: MetricRecord): void {
    if (record.name !== 'train/episode_return' || typeof record.value !== 'number') return;
    this.episodes += 1;
    this.post({ type: 'episode', point: { step: record.step, value: record.value } });
  }

  private report(force = false): void {
    const now = performance.now();
    const elapsed = (now - this.lastReport.at) / 1000;
    if (!force && elapsed < 0.5) return;
    const updates = this.parts.agent.updates;
    const running = this.state === 'running' && elapsed > 0;
    const runningMs = this.runningMs + (this.runningSince === undefined ? 0 : now - this.runningSince);
    const sparsity = this.parts.pruner?.sparsity();
    const progress: ProgressView = {
      state: this.state,
      phase: this.phase,
      iteration: Math.min(this.loop.completedIterations, this.config.budget.iterations - 1),
      iterations: this.config.budget.iterations,
      totalSteps: this.trainSteps,
      plannedSteps: this.config.budget.iterations * this.config.budget.stepsPerIteration,
      updates,
      episodes: this.episodes,
      stepsPerSecond: running ? (this.trainSteps - this.lastReport.steps) / elapsed : 0,
      updatesPerSecond: running ? (updates - this.lastReport.updates) / elapsed : 0,
      meanStepsPerSecond: runningMs > 0 ? (this.trainSteps * 1000) / runningMs : 0,
      sparsity: sparsity?.overall,
      targetSparsity: sparsity?.target,
      memory: memoryReport(),
    };
    this.lastReport = { at: now, steps: this.trainSteps, updates };
    this.post({ type: 'progress', progress });
    if (sparsity && now - this.lastLayerViewAt > LAYER_VIEW_MS) this.postLayers();
  }

  private postLayers(): void {
    const pruner = this.parts.pruner;
    if (!pruner) return;
    this.lastLayerViewAt = performance.now();
    const { overall, target, layers } = prunerLayerViews(pruner);
    this.post({ type: 'sparsity', step: this.trainSteps, overall, target, layers });
  }

  /** A greedy episode of the online network on an environment of its own (never the training one's). */
  private showGreedyEpisode(iteration: number): void {
    const online = this.parts.agent.online;
    if (!online) return;
    const player = new GreedyPlayer(online, make(this.config.environment.id, this.config.environment.options), this.seed * 1_000 + iteration);
    try {
      const { frames, episodeReturn, done } = player.episode(MAX_DEMO_STEPS);
      this.post({ type: 'frames', source: 'greedy', frames, episodeReturn, done });
    } finally {
      player.close();
    }
  }
}
