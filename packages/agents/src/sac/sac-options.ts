import { checkNonNegativeInteger, checkNumber, checkPositiveInteger, ConfigError, isBox, type Box, type NetworkFactory, type Optimizer, type ReplayBuffer, type Rng, type UpdateHook } from '@prunerl/core';

/**
 * The collaborators a {@link SACAgent} receives (DESIGN.md, "Composition"): a network factory for its
 * actor and critics, a replay buffer built for continuous actions (`actionShape`), one optimiser for
 * every trained parameter, and update hooks.
 */
export interface SACComponents {
  /**
   * Builds the actor (output `2 * actionSize`: means, then log standard deviations) and the four
   * critics (input observation and action concatenated, output 1). Any torso with a linear `q` head.
   */
  readonly networkFactory: NetworkFactory;
  /** A replay buffer of continuous actions (`batch.actionVectors`); its `gamma` is the discount. */
  readonly replay: ReplayBuffer;
  /**
   * Trains actor, critics and temperature in one step (the paper's three learning rates are equal,
   * 3e-4, and Adam's moments are per parameter, so one Adam is three Adams). Default none: required.
   */
  readonly optimizer: Optimizer;
  /** Called around every gradient step with the actor's and critics' parameters (pruners). Default none. */
  readonly hooks?: readonly UpdateHook[];
  /** Shape of one observation (flattened for the networks). */
  readonly observationShape: readonly number[];
  /** The environment's float32 `Box` action space: actions are tanh-squashed onto its bounds. */
  readonly actionSpace: Box;
  /** The agent's stream (split into `init`, `exploration`, `evaluation`, `replay`). Default `Rng.fromSeed(seed ?? 0).split('agent')`. */
  readonly rng?: Rng;
  /** Used when no `rng` is given. Default 0. */
  readonly seed?: number;
}

/**
 * SAC's hyperparameters. The defaults are the rigl SAC defaults of PAPER.md ("SAC (MuJoCo)"): batch
 * 256, tau 0.005 every step, reward scale 0.1, 1,000 initial random steps, one update per env step
 * (the discount, 0.99, is the replay buffer's `gamma`; the learning rate, 3e-4, the optimiser's).
 */
export interface SACOptions {
  /** Transitions per gradient step. Default 256. */
  readonly batchSize?: number;
  /** Env steps acted uniformly at random before training starts (TF-Agents' initial collect). Default 1,000. */
  readonly minReplayHistory?: number;
  /** Env steps between training steps. Default 1. */
  readonly updatePeriod?: number;
  /** Gradient steps per training step. Default 1. */
  readonly updatesPerStep?: number;
  /** Polyak coefficient tau of `target = tau * online + (1 - tau) * target`. Default 0.005. */
  readonly tau?: number;
  /** Gradient steps between Polyak updates of the target critics. Default 1. */
  readonly targetUpdatePeriod?: number;
  /** Multiplies rewards in the TD targets. Default 0.1. */
  readonly rewardScale?: number;
  /** Entropy the temperature tunes towards. Default `-actionSize` (Haarnoja et al. 2018b). */
  readonly targetEntropy?: number;
  /** Initial `log alpha`. Default 0 (alpha = 1, TF-Agents' `initial_log_alpha`). */
  readonly initialLogAlpha?: number;
  /** The run's length in env steps, when known: hooks then get `totalUpdates` and `trainingFraction`. */
  readonly totalSteps?: number;
}

/** {@link SACOptions} with defaults filled in (`targetEntropy` resolved against the action size). */
export interface ResolvedSACOptions {
  readonly batchSize: number;
  readonly minReplayHistory: number;
  readonly updatePeriod: number;
  readonly updatesPerStep: number;
  readonly tau: number;
  readonly targetUpdatePeriod: number;
  readonly rewardScale: number;
  readonly targetEntropy: number | undefined;
  readonly initialLogAlpha: number;
  readonly totalSteps: number | undefined;
}

/** Names of {@link SACOptions}' fields. */
export const SAC_OPTION_KEYS = [
  'batchSize',
  'minReplayHistory',
  'updatePeriod',
  'updatesPerStep',
  'tau',
  'targetUpdatePeriod',
  'rewardScale',
  'targetEntropy',
  'initialLogAlpha',
  'totalSteps',
] as const;

/** Names of {@link SACComponents}' fields. */
export const SAC_COMPONENT_KEYS = ['networkFactory', 'replay', 'optimizer', 'hooks', 'observationShape', 'actionSpace', 'rng', 'seed'] as const;

/** Validates SAC's options; a bad value throws a `ConfigError` naming `<owner>.<field>`. */
export function resolveSACOptions(owner: string, options: SACOptions): ResolvedSACOptions {
  const f = (name: string): string => `${owner}.${name}`;
  return {
    batchSize: checkPositiveInteger(f('batchSize'), options.batchSize ?? 256),
    minReplayHistory: checkNonNegativeInteger(f('minReplayHistory'), options.minReplayHistory ?? 1_000),
    updatePeriod: checkPositiveInteger(f('updatePeriod'), options.updatePeriod ?? 1),
    updatesPerStep: checkPositiveInteger(f('updatesPerStep'), options.updatesPerStep ?? 1),
    tau: checkNumber(f('tau'), options.tau ?? 0.005, { min: 0, minExclusive: true, max: 1 }),
    targetUpdatePeriod: checkPositiveInteger(f('targetUpdatePeriod'), options.targetUpdatePeriod ?? 1),
    rewardScale: checkNumber(f('rewardScale'), options.rewardScale ?? 0.1, { min: 0, minExclusive: true }),
    targetEntropy: options.targetEntropy === undefined ? undefined : checkNumber(f('targetEntropy'), options.targetEntropy),
    initialLogAlpha: checkNumber(f('initialLogAlpha'), options.initialLogAlpha ?? 0),
    totalSteps: options.totalSteps === undefined ? undefined : checkPositiveInteger(f('totalSteps'), options.totalSteps),
  };
}

/** The action box of `components`, which must be a bounded float32 `Box`. */
export function checkActionSpace(owner: string, space: unknown): Box {
  const box = space as Box;
  if (!isBox(box) || box.dtype !== 'float32' || !Array.from(box.low).every(Number.isFinite) || !Array.from(box.high).every(Number.isFinite)) {
    throw new ConfigError({
      field: `${owner}.actionSpace`,
      value: (space as { toJSON?: () => unknown })?.toJSON?.() ?? space,
      expected: 'a bounded float32 Box (SAC squashes its actions onto the bounds)',
    });
  }
  return box;
}
