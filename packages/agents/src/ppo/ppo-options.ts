import {
  checkKnownKeys,
  checkNumber,
  checkPositiveInteger,
  ConfigError,
  isBox,
  isDiscrete,
  type Box,
  type Discrete,
  type NetworkFactory,
  type Optimizer,
  type ReplayBuffer,
  type Rng,
  type UpdateHook,
} from '@prunerl/core';

/**
 * The collaborators a {@link PPOAgent} receives (DESIGN.md, "Composition"): a network factory for its
 * policy and value networks, one optimiser for every trained parameter, and update hooks. PPO is
 * on-policy: it keeps its own rollout instead of a replay buffer.
 */
export interface PPOComponents {
  /**
   * Builds the policy network (output: the Gaussian's means for a `Box`, the logits for a
   * `Discrete` space) and the value network (output 1). Any torso with a linear `q` head.
   */
  readonly networkFactory: NetworkFactory;
  /** Trains policy, value network and the log standard deviations in one step (one Adam). */
  readonly optimizer: Optimizer;
  /**
   * Optional: a replay buffer the agent adds every observed transition to and never samples for
   * training (PPO learns from its own rollouts). It is there for what reads recent states: a
   * runner's network diagnostics (dormant neurons, SRank) sample their batches from it.
   */
  readonly replay?: ReplayBuffer;
  /** Called around every gradient step with the policy's and value network's parameters (pruners). Default none. */
  readonly hooks?: readonly UpdateHook[];
  /** Shape of one observation. */
  readonly observationShape: readonly number[];
  /** A bounded float32 `Box` (Gaussian policy) or a `Discrete` space (categorical policy). */
  readonly actionSpace: Box | Discrete;
  /** The agent's stream (split into `init`, `exploration`, `evaluation`, `replay`). Default `Rng.fromSeed(seed ?? 0).split('agent')`. */
  readonly rng?: Rng;
  /** Used when no `rng` is given. Default 0. */
  readonly seed?: number;
}

/**
 * PPO's hyperparameters. The defaults are the MuJoCo values of Schulman et al. (2017, Table 3) that
 * the rigl PPO configuration also uses (PAPER.md, "PPO (MuJoCo)": 2,048 env steps per iteration,
 * 10 epochs, 320 gradient steps per iteration, i.e. minibatches of 64), with CleanRL's/SB3's gradient
 * clipping (0.5) and value coefficient (0.5). The learning rate (3e-4) is the optimiser's.
 */
export interface PPOOptions {
  /** Transitions per rollout, summed over environment streams (`n_steps * n_envs`). Default 2,048. */
  readonly rolloutSteps?: number;
  /** Transitions per gradient step; must divide `rolloutSteps`. Default 64. */
  readonly minibatchSize?: number;
  /** Passes over each rollout. Default 10. */
  readonly epochs?: number;
  /** gamma. Default 0.99. */
  readonly discount?: number;
  /** GAE's lambda. Default 0.95. */
  readonly gaeLambda?: number;
  /** epsilon of the clipped ratio. Default 0.2. */
  readonly clipRatio?: number;
  /** Clip range of the value update around the old values (PPO2's value clipping); default none. */
  readonly valueClip?: number;
  /** Weight of the value loss. Default 0.5. */
  readonly valueCoefficient?: number;
  /** Weight of the entropy bonus. Default 0. */
  readonly entropyCoefficient?: number;
  /** Global gradient-norm clip; `Infinity` turns it off. Default 0.5. */
  readonly maxGradNorm?: number;
  /** Standardise advantages in each minibatch. Default true. */
  readonly normalizeAdvantages?: boolean;
  /** Initial log standard deviation of the Gaussian policy (state-independent, trained). Default 0. */
  readonly initialLogStd?: number;
  /** The run's length in env steps, when known: hooks then get `totalUpdates` and `trainingFraction`. */
  readonly totalSteps?: number;
}

/** {@link PPOOptions} with defaults filled in. */
export interface ResolvedPPOOptions {
  readonly rolloutSteps: number;
  readonly minibatchSize: number;
  readonly epochs: number;
  readonly discount: number;
  readonly gaeLambda: number;
  readonly clipRatio: number;
  readonly valueClip: number | undefined;
  readonly valueCoefficient: number;
  readonly entropyCoefficient: number;
  readonly maxGradNorm: number;
  readonly normalizeAdvantages: boolean;
  readonly initialLogStd: number;
  readonly totalSteps: number | undefined;
}

/** Names of {@link PPOOptions}' fields. */
export const PPO_OPTION_KEYS = [
  'rolloutSteps',
  'minibatchSize',
  'epochs',
  'discount',
  'gaeLambda',
  'clipRatio',
  'valueClip',
  'valueCoefficient',
  'entropyCoefficient',
  'maxGradNorm',
  'normalizeAdvantages',
  'initialLogStd',
  'totalSteps',
] as const;

/** Names of {@link PPOComponents}' fields. */
export const PPO_COMPONENT_KEYS = ['networkFactory', 'optimizer', 'replay', 'hooks', 'observationShape', 'actionSpace', 'rng', 'seed'] as const;

/** Validates PPO's options, each field and together; a bad value throws a `ConfigError` naming `<owner>.<field>`. */
export function resolvePPOOptions(owner: string, options: PPOOptions): ResolvedPPOOptions {
  checkKnownKeys(`${owner} options`, options, [...PPO_COMPONENT_KEYS, ...PPO_OPTION_KEYS]);
  const f = (name: string): string => `${owner}.${name}`;
  const resolved: ResolvedPPOOptions = {
    rolloutSteps: checkPositiveInteger(f('rolloutSteps'), options.rolloutSteps ?? 2_048),
    minibatchSize: checkPositiveInteger(f('minibatchSize'), options.minibatchSize ?? 64),
    epochs: checkPositiveInteger(f('epochs'), options.epochs ?? 10),
    discount: checkNumber(f('discount'), options.discount ?? 0.99, { min: 0, max: 1 }),
    gaeLambda: checkNumber(f('gaeLambda'), options.gaeLambda ?? 0.95, { min: 0, max: 1 }),
    clipRatio: checkNumber(f('clipRatio'), options.clipRatio ?? 0.2, { min: 0, minExclusive: true, max: 1, maxExclusive: true }),
    valueClip: options.valueClip === undefined ? undefined : checkNumber(f('valueClip'), options.valueClip, { min: 0, minExclusive: true }),
    valueCoefficient: checkNumber(f('valueCoefficient'), options.valueCoefficient ?? 0.5, { min: 0 }),
    entropyCoefficient: checkNumber(f('entropyCoefficient'), options.entropyCoefficient ?? 0, { min: 0 }),
    maxGradNorm: options.maxGradNorm === Infinity ? Infinity : checkNumber(f('maxGradNorm'), options.maxGradNorm ?? 0.5, { min: 0, minExclusive: true }),
    normalizeAdvantages: options.normalizeAdvantages ?? true,
    initialLogStd: checkNumber(f('initialLogStd'), options.initialLogStd ?? 0),
    totalSteps: options.totalSteps === undefined ? undefined : checkPositiveInteger(f('totalSteps'), options.totalSteps),
  };
  if (typeof resolved.normalizeAdvantages !== 'boolean') {
    throw new ConfigError({ field: f('normalizeAdvantages'), value: options.normalizeAdvantages, expected: 'true or false' });
  }
  if (resolved.rolloutSteps % resolved.minibatchSize !== 0) {
    throw new ConfigError({
      field: f('minibatchSize'),
      value: resolved.minibatchSize,
      expected: `a divisor of rolloutSteps (${resolved.rolloutSteps}), so every epoch is whole minibatches`,
    });
  }
  if (resolved.normalizeAdvantages && resolved.minibatchSize < 2) {
    throw new ConfigError({ field: f('minibatchSize'), value: resolved.minibatchSize, expected: 'at least 2 when normalizeAdvantages is true (a standard deviation needs two values)' });
  }
  return resolved;
}

/** The action space of `components`: a bounded float32 `Box` or a `Discrete` space. */
export function checkPPOActionSpace(owner: string, space: unknown): Box | Discrete {
  if (isDiscrete(space as Discrete)) return space as Discrete;
  const box = space as Box;
  if (isBox(box) && box.dtype === 'float32' && Array.from(box.low).every(Number.isFinite) && Array.from(box.high).every(Number.isFinite)) return box;
  throw new ConfigError({
    field: `${owner}.actionSpace`,
    value: (space as { toJSON?: () => unknown })?.toJSON?.() ?? space,
    expected: 'a bounded float32 Box (Gaussian policy, actions clipped to the bounds) or a Discrete space',
  });
}

/** Gradient steps PPO makes in `totalSteps` env steps: one update per full rollout, `epochs * rolloutSteps / minibatchSize` steps each. */
export function plannedPPOUpdates(options: Pick<ResolvedPPOOptions, 'rolloutSteps' | 'minibatchSize' | 'epochs'>, totalSteps: number): number {
  return Math.floor(totalSteps / options.rolloutSteps) * options.epochs * (options.rolloutSteps / options.minibatchSize);
}
