import { BACKEND_NAMES } from '@prunerl/backend';
import { z } from 'zod';

/**
 * Options handed to a registered factory (environment, agent, network, pruner, ...). The runner does
 * not know every plugin's options, so it checks only that they form an object; the factory itself
 * validates them (unknown keys and ranges) when the runner builds the experiment, which happens
 * before any output directory exists.
 */
const optionsSchema = z.record(z.string(), z.unknown());

/** A name in one of core's registries (`gmp`, `minatar-cnn`, `MinAtar/Breakout-v1`). */
const registryName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_./-]*$/, 'a registry name (letters, digits, "_", ".", "/", "-")');

const environmentSchema = z.strictObject({
  /** Environment id, e.g. `MinAtar/Breakout-v1` (`prunerl envs` lists them). */
  id: registryName,
  /** Options of `make(id, options)`, e.g. `{ stickyActionProb: 0.1, maxEpisodeSteps: 10000 }`. */
  options: optionsSchema.default({}),
});

const agentSchema = z.strictObject({
  /** Agent registry name: `dqn`, `rainbow`, ... */
  name: registryName,
  /** A preset of the agent (`minatar`, `atari`, `classic`) whose values are the defaults. */
  preset: z.string().min(1).optional(),
  /** Agent options, over the preset's. */
  options: optionsSchema.default({}),
});

const networkSchema = z.strictObject({
  /** Torso: `mlp`, `minatar-cnn`, `nature-cnn`, `impala`, or a plugin's; default the preset's. */
  torso: registryName.optional(),
  /** Width multiplier of the torso's channels (the paper's scaling factor); default the preset's (1). */
  width: z.number().positive().max(64).optional(),
  /** Head kind; default the one the agent needs (`q` for DQN, `c51` for Rainbow). */
  head: z.string().min(1).optional(),
  /** Other options of the network registration (hidden sizes, padding, init, ...). */
  options: optionsSchema.default({}),
});

const replaySchema = z.strictObject({
  /** Replay registry name; default from the agent preset (`uniform` for DQN, `prioritized` for Rainbow). */
  name: registryName.optional(),
  /** Transitions kept; default from the agent preset. */
  capacity: z.int().positive().max(100_000_000).optional(),
  options: optionsSchema.default({}),
});

const prunerSchema = z.strictObject({
  /** Pruner registry name: `gmp`, `random`, `one-shot`, `static-sparse`, `set`, `rigl`, ... */
  name: registryName,
  options: z
    .looseObject({
      /** Final overall sparsity (the one option every built-in pruner shares, checked here early). */
      sparsity: z.number().min(0).lt(1).optional(),
    })
    .default({}),
});

const hookSchema = z.strictObject({
  /** Update-hook registry name: `redo`, `reset`, `weight-decay`, ... */
  name: registryName,
  options: optionsSchema.default({}),
});

const optimiserSchema = z.strictObject({
  /** Optimiser registry name: `adam`, `rmsprop-centered`, `rmsprop`; default from the agent preset. */
  name: registryName.optional(),
  options: optionsSchema.default({}),
});

const budgetSchema = z
  .strictObject({
    /** Dopamine iterations; a checkpoint and a log row are written at the end of each. */
    iterations: z.int().positive().max(1_000_000).optional(),
    /**
     * Training steps per iteration: environment steps (the last episode of an iteration runs to its
     * end), or gradient steps in an offline run.
     */
    stepsPerIteration: z.int().positive().max(1_000_000_000).default(10_000),
    /**
     * Total frames instead of `iterations`: iterations = ceil(frames / (stepsPerIteration *
     * frameSkip)). MinAtar and classic control have no frame skip.
     */
    frames: z.int().positive().optional(),
    /** Frames per agent step (4 on Atari with frame skip; 1 here). */
    frameSkip: z.int().positive().max(64).default(1),
  })
  .refine((b) => b.iterations !== undefined || b.frames !== undefined, {
    message: 'either "iterations" or "frames"',
    path: ['iterations'],
  });

const evaluationSchema = z.strictObject({
  /** Evaluation episodes after each iteration (0: training returns only, as the paper reports). */
  episodes: z.int().min(0).max(100_000).default(0),
  /** Epsilon while evaluating; default the agent's (Dopamine 0.001). */
  epsilonEval: z.number().min(0).max(1).optional(),
  /** Evaluate every N iterations (the last iteration is always evaluated when episodes > 0). */
  every: z.int().positive().default(1),
  /**
   * Act through sparse inference while evaluating once the network is pruned enough (the agent's
   * `sparseEvaluation`; default the agent's, true).
   */
  sparse: z.boolean().optional(),
});

const loggingSchema = z.strictObject({
  /**
   * Network diagnostics (dormant neurons, SRank, norms) every N iterations, on a replay batch;
   * 0 turns them off. They cost a few forward passes.
   */
  diagnosticsEvery: z.int().min(0).default(0),
  /** Batch size of the diagnostics probe. */
  diagnosticsBatch: z.int().positive().max(4096).default(256),
  /**
   * Log every training transition of the run, in order, with the behaviour policy's epsilon, as a
   * dataset in the run directory (`dataset/`: checksummed shards and a manifest) that offline runs
   * train from (`prunerl train --log-replay`; `prunerl dataset info` reads it).
   */
  replay: z.boolean().default(false),
  /** Transitions per dataset shard (a checkpoint also closes the shard in progress). */
  replayShardTransitions: z.int().positive().max(10_000_000).default(10_000),
});

/** One logged dataset an offline run reads, and the part of it to use. */
const datasetSourceSchema = z.strictObject({
  /**
   * A dataset directory, or a run directory that logged one (`logging.replay`); relative paths are
   * taken from `outputDir`, `{seed}` is the run's seed. In a sweep, `{ variant: <label> }` names the
   * run of another variant with the same grid values and seed (it must finish first).
   */
  path: z.union([z.string().min(1), z.strictObject({ variant: z.string().min(1) })]),
  /** Start of the stretch of the logged run to use, as a fraction of its transitions (early data: 0). */
  from: z.number().min(0).max(1).optional(),
  /** End (exclusive) of the stretch, as a fraction (late data: 1). */
  to: z.number().min(0).max(1).optional(),
  /** Share of the stretch's shards to keep, chosen at random with `seed` (Dopamine's "5%" datasets: 0.05). */
  fraction: z.number().gt(0).max(1).optional(),
  /** Seed of that random choice. */
  seed: z.int().min(0).max(2 ** 31 - 1).optional(),
});

/**
 * Offline RL (PAPER.md E7, Figure 8): train from logged datasets instead of the environment. Each
 * iteration makes `budget.stepsPerIteration` gradient steps from a fixed replay over the datasets,
 * then runs `evaluation.episodes` episodes in the real environment; pruning schedules count
 * gradient steps.
 */
const offlineSchema = z.strictObject({
  /** One or more datasets of the environment's task, combined in this order. */
  datasets: z.array(datasetSourceSchema).min(1).max(1000),
});

/**
 * The experiment config as a user writes it (YAML or JSON). Every object is strict: an unknown key
 * is an error naming its path. `prunerl config --print` shows it resolved.
 */
export const experimentConfigSchema = z.strictObject({
  /** A short name for the experiment; default derived from the environment, agent and pruner. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a name of letters, digits, "_", "." or "-"')
    .optional(),
  environment: environmentSchema,
  /**
   * A label for this configuration in reports (`DQN dense`, `DQN GMP 95%`); runs with the same
   * method and environment are aggregated over seeds. Default derived from agent, pruner and width.
   */
  method: z.string().min(1).max(200).optional(),
  agent: agentSchema,
  network: networkSchema.default({ options: {} }),
  replay: replaySchema.default({ options: {} }),
  /** The pruner, or `null` / `"none"` for a dense network. */
  pruner: z
    .union([prunerSchema, z.literal('none'), z.null()])
    .default(null)
    .transform((p) => (p === 'none' ? null : p)),
  /**
   * Other update hooks (baselines such as ReDo or weight decay), run before the pruner so that the
   * pruner re-applies its masks after their weight edits.
   */
  hooks: z.array(hookSchema).default([]),
  optimiser: optimiserSchema.default({ options: {} }),
  budget: budgetSchema,
  evaluation: evaluationSchema.default({ episodes: 0, every: 1 }),
  logging: loggingSchema.default({ diagnosticsEvery: 0, diagnosticsBatch: 256, replay: false, replayShardTransitions: 10_000 }),
  /**
   * Train offline from logged datasets; absent or `null` (a sweep variant's way to drop it): online,
   * from the environment.
   */
  offline: z
    .union([offlineSchema, z.null()])
    .optional()
    .transform((o) => o ?? undefined),
  /** One run per seed. */
  seeds: z.array(z.int().min(0).max(2 ** 31 - 1)).min(1).max(1000).default([0]),
  /** TensorFlow.js backend (one of @prunerl/backend's `BACKEND_NAMES`). */
  backend: z.enum(BACKEND_NAMES).default('wasm'),
  /** Where run directories go: `<outputDir>/<name>/seed-<seed>/`. */
  outputDir: z.string().min(1).default('runs'),
  /**
   * How the parts are put together: `registry` (each part built by its registry name) or
   * `container` (the packages' inversify modules loaded into one container). Same run either way.
   */
  composition: z.enum(['registry', 'container']).default('registry'),
  /** Plugins to load before building (paths or package names), as `--plugin` does. */
  plugins: z.array(z.string().min(1)).default([]),
});

/** The config as written (fields with defaults may be absent). */
export type ExperimentConfigInput = z.input<typeof experimentConfigSchema>;
/** The config after schema defaults. */
export type ExperimentConfig = z.output<typeof experimentConfigSchema>;
