import {
  checkBoolean,
  checkFraction,
  checkNonNegativeInteger,
  checkOneOf,
  checkPositiveInteger,
  checkShape,
  ConfigError,
  type Augmentation,
  type NetworkFactory,
  type Optimizer,
  type QNetwork,
  type ReplayBuffer,
  type Rng,
  type UpdateHook,
} from '@prunerl/core';
import type { DrQAugmentationOptions } from '../augmentation/drq-augmentation';

/**
 * The collaborators every value-based agent receives (DESIGN.md, "Composition"): either a
 * `networkFactory` (the agent builds its online and target networks) or both `online` and `target`,
 * plus a replay buffer, an optimiser and update hooks. The agent never knows their concrete classes.
 */
export interface ValueAgentComponents {
  /** Builds the online and target networks (scopes `online` and `target`, one seed). */
  readonly networkFactory?: NetworkFactory;
  /** An online network built by the caller (give `target` too, of identical structure). */
  readonly online?: QNetwork;
  /** The target network; its weights are overwritten with the online ones at construction. */
  readonly target?: QNetwork;
  readonly replay: ReplayBuffer;
  readonly optimizer: Optimizer;
  /** Called around every gradient update, in this order (pruners, ReDo, logging). Default none. */
  readonly hooks?: readonly UpdateHook[];
  readonly numActions: number;
  /** Shape of one observation, as the environment and the networks see it. */
  readonly observationShape: readonly number[];
  /**
   * The agent's stream; it splits `init` (network seeds), `exploration` (train acting), `evaluation`
   * (eval acting) and `replay` (batch sampling, then the update's own draws: augmentation, IQN's
   * fractions) from it.
   * Default `Rng.fromSeed(seed ?? 0).split('agent')`.
   */
  readonly rng?: Rng;
  /** Used when no `rng` is given. Default 0. */
  readonly seed?: number;
  /**
   * Applied to every sampled minibatch's observations and next observations before the loss (DrQ,
   * PAPER.md 2.2); acting never sees it. An {@link Augmentation}, or plain
   * {@link DrQAugmentationOptions} for a `DrQAugmentation` (so presets and configs stay JSON). Its
   * draws come from the agent's `replay` stream, after the batch is sampled. Default none.
   */
  readonly augmentation?: Augmentation | DrQAugmentationOptions;
}

/** Exploration schedule during training. */
export type EpsilonSchedule = 'linear' | 'constant' | 'zero';

/**
 * Hyperparameters shared by DQN and Rainbow; the defaults are Dopamine's Atari values (PAPER.md
 * Table 2). Counts are in environment (agent) steps unless said otherwise.
 */
export interface ValueAgentOptions {
  /** Transitions per gradient update. Default 32. */
  readonly batchSize?: number;
  /**
   * Steps before training starts (and, for the `linear` schedule, before epsilon starts to decay).
   * Default 20,000.
   */
  readonly minReplayHistory?: number;
  /** Env steps between training steps. Default 4. */
  readonly updatePeriod?: number;
  /**
   * Gradient updates per training step, for replay ratios above `1 / updatePeriod`
   * (Dopamine's `num_updates_per_train_step`; replay ratio = updatesPerStep / updatePeriod). Default 1.
   */
  readonly updatesPerStep?: number;
  /** Env steps between copies of the online weights into the target network. Default 8,000. */
  readonly targetUpdatePeriod?: number;
  /** Final training epsilon. Default 0.01. */
  readonly epsilonTrain?: number;
  /** Epsilon when acting in `eval` mode. Default 0.001. */
  readonly epsilonEval?: number;
  /**
   * Act in `eval` mode through the online network's inference view when it has one
   * (`QNetwork.inferenceView`: with @prunerl/networks, sparse inference once 80% of the kernel
   * weights are pruned; same actions up to float rounding of near-ties). The view rebuilds its
   * sparse weights at the first `eval` action after an update, so this pays when evaluation runs in
   * phases (as the runner does); for `eval` actions interleaved with updates set it to false.
   * Default true.
   */
  readonly sparseEvaluation?: boolean;
  /** Steps of the linear decay from 1 to `epsilonTrain`. Default 250,000. */
  readonly epsilonDecayPeriod?: number;
  /**
   * `linear` (Dopamine's `linearly_decaying_epsilon`), `constant` (`epsilonTrain` throughout, Dopamine's
   * `identity_epsilon`) or `zero` (no epsilon exploration: NoisyNet agents). Default `linear`.
   */
  readonly epsilonSchedule?: EpsilonSchedule;
  /**
   * The run's length in env steps, when known. The agent then knows how many gradient updates it
   * will make ({@link plannedUpdates}) and passes `totalUpdates` and `trainingFraction` to its hooks,
   * so pruning schedules can be given as fractions of training.
   */
  readonly totalSteps?: number;
}

/** {@link ValueAgentOptions} with every default filled in. */
export interface ResolvedValueAgentOptions {
  readonly batchSize: number;
  readonly minReplayHistory: number;
  readonly updatePeriod: number;
  readonly updatesPerStep: number;
  readonly targetUpdatePeriod: number;
  readonly epsilonTrain: number;
  readonly epsilonEval: number;
  readonly sparseEvaluation: boolean;
  readonly epsilonDecayPeriod: number;
  readonly epsilonSchedule: EpsilonSchedule;
  readonly totalSteps: number | undefined;
}

/** Names of {@link ValueAgentComponents}' fields. */
export const VALUE_AGENT_COMPONENT_KEYS = [
  'networkFactory',
  'online',
  'target',
  'replay',
  'optimizer',
  'hooks',
  'numActions',
  'observationShape',
  'rng',
  'seed',
  'augmentation',
] as const;

/** Names of {@link ValueAgentOptions}' fields. */
export const VALUE_AGENT_OPTION_KEYS = [
  'batchSize',
  'minReplayHistory',
  'updatePeriod',
  'updatesPerStep',
  'targetUpdatePeriod',
  'epsilonTrain',
  'epsilonEval',
  'sparseEvaluation',
  'epsilonDecayPeriod',
  'epsilonSchedule',
  'totalSteps',
] as const;

/** Dopamine's JAX DQN/Rainbow defaults. */
export const VALUE_AGENT_DEFAULTS: Omit<ResolvedValueAgentOptions, 'totalSteps'> = Object.freeze({
  batchSize: 32,
  minReplayHistory: 20_000,
  updatePeriod: 4,
  updatesPerStep: 1,
  targetUpdatePeriod: 8_000,
  epsilonTrain: 0.01,
  epsilonEval: 0.001,
  sparseEvaluation: true,
  epsilonDecayPeriod: 250_000,
  epsilonSchedule: 'linear',
});

/**
 * Validates the shared options (each failure is a `ConfigError` naming `<owner>.<field>`) and fills
 * in `defaults`.
 */
export function resolveValueAgentOptions(
  owner: string,
  options: ValueAgentOptions,
  defaults: Partial<Omit<ResolvedValueAgentOptions, 'totalSteps'>> = {},
): ResolvedValueAgentOptions {
  const d = { ...VALUE_AGENT_DEFAULTS, ...defaults };
  const field = (name: string): string => `${owner}.${name}`;
  return {
    batchSize: checkPositiveInteger(field('batchSize'), options.batchSize ?? d.batchSize),
    minReplayHistory: checkNonNegativeInteger(field('minReplayHistory'), options.minReplayHistory ?? d.minReplayHistory),
    updatePeriod: checkPositiveInteger(field('updatePeriod'), options.updatePeriod ?? d.updatePeriod),
    updatesPerStep: checkPositiveInteger(field('updatesPerStep'), options.updatesPerStep ?? d.updatesPerStep),
    targetUpdatePeriod: checkPositiveInteger(field('targetUpdatePeriod'), options.targetUpdatePeriod ?? d.targetUpdatePeriod),
    epsilonTrain: checkFraction(field('epsilonTrain'), options.epsilonTrain ?? d.epsilonTrain),
    epsilonEval: checkFraction(field('epsilonEval'), options.epsilonEval ?? d.epsilonEval),
    sparseEvaluation: checkBoolean(field('sparseEvaluation'), options.sparseEvaluation ?? d.sparseEvaluation),
    epsilonDecayPeriod: checkPositiveInteger(field('epsilonDecayPeriod'), options.epsilonDecayPeriod ?? d.epsilonDecayPeriod),
    epsilonSchedule: checkOneOf(field('epsilonSchedule'), options.epsilonSchedule ?? d.epsilonSchedule, ['linear', 'constant', 'zero']),
    totalSteps: options.totalSteps === undefined ? undefined : checkPositiveInteger(field('totalSteps'), options.totalSteps),
  };
}

/** Checks the collaborators' presence and basic shape; returns the validated task description. */
export function checkComponents(
  owner: string,
  components: ValueAgentComponents,
): { numActions: number; observationShape: number[]; hooks: UpdateHook[] } {
  const field = (name: string): string => `${owner}.${name}`;
  const hasMethods = (value: unknown, names: readonly string[]): boolean =>
    value !== null && typeof value === 'object' && names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');
  if (!hasMethods(components.replay, ['add', 'sample', 'canSample', 'updatePriorities'])) {
    throw new ConfigError({ field: field('replay'), value: components.replay, expected: 'a ReplayBuffer (add, sample, canSample, updatePriorities)' });
  }
  if (!hasMethods(components.optimizer, ['apply', 'resetSlots', 'state', 'restore'])) {
    throw new ConfigError({ field: field('optimizer'), value: components.optimizer, expected: 'an Optimizer (apply, resetSlots, state, restore)' });
  }
  const hooks = components.hooks ?? [];
  if (!Array.isArray(hooks)) {
    throw new ConfigError({ field: field('hooks'), value: hooks, expected: 'an array of UpdateHooks' });
  }
  hooks.forEach((hook, i) => {
    if (!hasMethods(hook, ['afterUpdate']) || typeof (hook as UpdateHook).name !== 'string') {
      throw new ConfigError({ field: field(`hooks[${i}]`), value: hook, expected: 'an UpdateHook (a name and an afterUpdate method)' });
    }
  });
  const factory = components.networkFactory;
  const { online, target } = components;
  if (factory !== undefined) {
    if (online !== undefined || target !== undefined) {
      throw new ConfigError({
        field: field('networkFactory'),
        value: 'networkFactory together with online/target',
        expected: 'either a networkFactory or both online and target networks',
      });
    }
    if (!hasMethods(factory, ['create'])) {
      throw new ConfigError({ field: field('networkFactory'), value: factory, expected: 'a NetworkFactory (create)' });
    }
  } else {
    for (const [name, network] of [['online', online], ['target', target]] as const) {
      if (!hasMethods(network, ['apply', 'parameters', 'copyFrom'])) {
        throw new ConfigError({
          field: field(name),
          value: network,
          expected: 'a QNetwork (or give a networkFactory instead of online and target)',
        });
      }
    }
    if (online === target) {
      throw new ConfigError({ field: field('target'), value: 'the online network', expected: 'a second network of identical structure' });
    }
  }
  return {
    numActions: checkPositiveInteger(field('numActions'), components.numActions),
    observationShape: checkShape(field('observationShape'), components.observationShape),
    hooks: [...hooks],
  };
}
