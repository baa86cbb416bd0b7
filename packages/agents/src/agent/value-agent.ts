import {
  checkKnownKeys,
  ConfigError,
  Rng,
  sizeOfShape,
  StateError,
  keptGradientNames,
  withWeightGradients,
  type ActMode,
  type Agent,
  type AgentState,
  type Augmentation,
  type Batch,
  type HeadDescription,
  type NamedGradients,
  type ObserveResult,
  type Optimizer,
  type Parameter,
  type QNetwork,
  type ReplayBuffer,
  type Transition,
  type TypedArray,
  type UpdateContext,
  type UpdateHook,
  type WeightGradients,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { resolveAugmentation } from '../augmentation/resolve-augmentation';
import { linearlyDecayingEpsilon } from '../exploration/linearly-decaying-epsilon';
import { checkActBatchInput, checkTransitionObservations, observationTensor } from './agent-input-checks';
import { addHookMetrics, transformGradientsThroughHooks } from './hook-chain';
import { plannedUpdates } from './planned-updates';
import {
  applyValueAgentState,
  checkValueAgentState,
  encodeValueAgentState,
  sameShape,
  type ValueAgentCounters,
  type ValueAgentStateParts,
  type ValueAgentStreams,
} from './value-agent-state';
import {
  checkComponents,
  resolveValueAgentOptions,
  VALUE_AGENT_COMPONENT_KEYS,
  VALUE_AGENT_OPTION_KEYS,
  type ResolvedValueAgentOptions,
  type ValueAgentComponents,
  type ValueAgentOptions,
} from './value-agent-options';

/** A sampled minibatch as tensors, owned by the agent for the duration of one update. */
export interface BatchTensors {
  readonly batch: Batch;
  /** `[B, ...observationShape]` float32 (raw values; the network scales them). */
  readonly observations: tf.Tensor;
  readonly nextObservations: tf.Tensor;
  /** `[B]` int32. */
  readonly actions: tf.Tensor1D;
  /** `[B]` n-step discounted rewards. */
  readonly rewards: tf.Tensor1D;
  /** `[B]` bootstrap discounts (`gamma^m`, or 0 after a termination). */
  readonly discounts: tf.Tensor1D;
  /**
   * The stream for this update's own random draws (IQN's quantile fractions), the agent's `replay`
   * stream after the batch was sampled and augmented; checkpointed with the agent.
   */
  readonly rng: Rng;
}

/** What a subclass tells {@link ValueAgent}'s constructor. */
export interface ValueAgentSpec {
  /** Class name for error messages (`DQNAgent`). */
  readonly owner: string;
  /** The subclass's own option names (on top of the shared ones). */
  readonly extraKeys: readonly string[];
  /** Throws a `ConfigError` when the networks' head does not fit the agent. */
  readonly checkHead: (head: HeadDescription, field: string) => void;
  /** Defaults that differ from Dopamine's Atari values. */
  readonly defaults?: Parameters<typeof resolveValueAgentOptions>[2];
}

/**
 * The machinery DQN, Rainbow and their relatives share, following Dopamine's JAX agents
 * (`JaxDQNAgent._train_step`, `select_action`):
 *
 * - `observe(t)` adds `t` to the replay buffer; then, with `s` the number of transitions observed
 *   before it, when `s >= minReplayHistory` (Dopamine: `add_count > min_replay_history`) it trains
 *   if `s % updatePeriod == 0` (`updatesPerStep` gradient updates) and copies the online weights into
 *   the target network if `s % targetUpdatePeriod == 0`;
 * - acting is epsilon-greedy on the subclass's Q values with epsilon from the schedule at the current
 *   step count (`linearlyDecayingEpsilon`), and `actBatch` does one forward pass for all observations;
 * - with an `augmentation` (DrQ), each sampled batch's observations and next observations are
 *   augmented before the targets and the loss (the hooks' `observations` are the augmented ones);
 * - every gradient update calls the hooks in the order of `UpdateHook`'s contract: the loss and
 *   gradients are computed first, then `beforeUpdate` (parameters are still those the gradients were
 *   taken at, as JaxPruner's mask update inside the optimiser sees them), `transformGradients`, the
 *   optimiser, and `afterUpdate`.
 *
 * A subclass supplies the Q values for acting, the TD targets (no gradient) and the per-sample loss.
 */
export abstract class ValueAgent implements Agent {
  abstract readonly kind: string;
  readonly online: QNetwork;
  readonly target: QNetwork;
  readonly replay: ReplayBuffer;
  readonly optimizer: Optimizer;
  readonly hooks: readonly UpdateHook[];
  readonly numActions: number;
  readonly observationShape: readonly number[];
  /** Validated shared options with defaults filled in. */
  readonly settings: ResolvedValueAgentOptions;
  /** Gradient updates planned for the run (from `totalSteps`), or `undefined`. */
  readonly totalUpdates: number | undefined;
  /** Applied to sampled observations before every update (DrQ), or `undefined`. */
  readonly augmentation: Augmentation | undefined;

  protected readonly owner: string;
  /** Values per observation. */
  readonly observationSize: number;
  private readonly parameterByVariable: Map<string, Parameter>;
  private explorationRng: Rng;
  private evaluationRng: Rng;
  private replayRng: Rng;
  private stepCount = 0;
  private updateCount = 0;
  private syncCount = 0;
  private lastLoss: number | undefined;
  private disposed = false;

  protected constructor(input: ValueAgentComponents & ValueAgentOptions, spec: ValueAgentSpec) {
    const owner = spec.owner;
    if (input === null || typeof input !== 'object') {
      throw new ConfigError({ field: owner, value: input, expected: 'an options object' });
    }
    checkKnownKeys(`${owner} options`, input, [...VALUE_AGENT_COMPONENT_KEYS, ...VALUE_AGENT_OPTION_KEYS, ...spec.extraKeys]);
    this.owner = owner;
    const { numActions, observationShape, hooks } = checkComponents(owner, input);
    this.settings = resolveValueAgentOptions(owner, input, spec.defaults);
    this.numActions = numActions;
    this.observationShape = observationShape;
    this.observationSize = sizeOfShape(observationShape);
    this.replay = input.replay;
    this.optimizer = input.optimizer;
    this.hooks = hooks;
    this.augmentation = resolveAugmentation(owner, input.augmentation, observationShape);
    const rng = input.rng ?? Rng.fromSeed(input.seed ?? 0).split('agent');
    this.explorationRng = rng.split('exploration');
    this.evaluationRng = rng.split('evaluation');
    this.replayRng = rng.split('replay');

    if (input.networkFactory) {
      spec.checkHead(input.networkFactory.head, `${owner}.networkFactory.head`);
      const seed = rng.split('init').uint32();
      const spec0 = { observationShape, numActions, seed };
      this.online = input.networkFactory.create({ ...spec0, scope: 'online' });
      this.target = input.networkFactory.create({ ...spec0, scope: 'target' });
    } else {
      this.online = input.online!;
      this.target = input.target!;
    }
    for (const [name, network] of [['online', this.online], ['target', this.target]] as const) {
      spec.checkHead(network.head, `${owner}.${name}.head`);
      if (network.numActions !== numActions || !sameShape(network.observationShape, observationShape)) {
        throw new ConfigError({
          field: `${owner}.${name}`,
          value: { numActions: network.numActions, observationShape: network.observationShape },
          expected: `a network for ${numActions} actions and observations of shape [${observationShape.join(', ')}]`,
        });
      }
    }
    this.parameterByVariable = new Map(this.online.parameters().map((p) => [p.variable.name, p]));
    this.target.copyFrom(this.online);
    const { totalSteps } = this.settings;
    this.totalUpdates =
      totalSteps === undefined
        ? undefined
        : plannedUpdates({
            totalSteps,
            minReplayHistory: this.settings.minReplayHistory,
            updatePeriod: this.settings.updatePeriod,
            updatesPerStep: this.settings.updatesPerStep,
          });
  }

  /** Environment steps observed so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Gradient updates done so far. */
  get updates(): number {
    return this.updateCount;
  }

  /** Copies of the online weights into the target network so far (not counting construction). */
  get targetSyncs(): number {
    return this.syncCount;
  }

  /** Mean loss of the last gradient update, if any. */
  get loss(): number | undefined {
    return this.lastLoss;
  }

  /** Training epsilon at the current step. */
  get epsilon(): number {
    const s = this.settings;
    switch (s.epsilonSchedule) {
      case 'zero':
        return 0;
      case 'constant':
        return s.epsilonTrain;
      case 'linear':
        return linearlyDecayingEpsilon(s.epsilonDecayPeriod, this.stepCount, s.minReplayHistory, s.epsilonTrain);
    }
  }

  /** One action for one observation. */
  act(observation: TypedArray, mode: ActMode): number {
    return this.actBatch(observation, 1, mode)[0]!;
  }

  /**
   * Actions for `count` observations laid end to end. For each observation one uniform draw decides
   * exploration (`u < epsilon`, then a second draw picks the action); the greedy ones come from a
   * single forward pass over the whole batch (NoisyNet noise on in `train` mode, off in `eval`).
   * `train` and `eval` draw from separate streams, so evaluating never changes the training run.
   */
  actBatch(observations: TypedArray, count: number, mode: ActMode): Int32Array {
    this.assertAlive();
    checkActBatchInput(this, observations, count, mode);
    const epsilon = mode === 'eval' ? this.settings.epsilonEval : this.epsilon;
    const rng = mode === 'eval' ? this.evaluationRng : this.explorationRng;
    const actions = new Int32Array(count);
    let greedy = 0;
    for (let i = 0; i < count; i++) {
      if (rng.uniform() < epsilon) {
        actions[i] = rng.uniformInt(0, this.numActions);
      } else {
        actions[i] = -1;
        greedy += 1;
      }
    }
    if (greedy > 0) {
      const best = tf.tidy(() => {
        // eval: the inference view (sparse weights once pruned enough), same parameters as online
        const network = mode === 'eval' && this.settings.sparseEvaluation ? (this.online.inferenceView?.() ?? this.online) : this.online;
        const q = this.qValues(network, this.observationTensor(observations, count), mode === 'train', rng);
        return tf.argMax(q, 1).dataSync() as Int32Array;
      });
      for (let i = 0; i < count; i++) if (actions[i] === -1) actions[i] = best[i]!;
    }
    return actions;
  }

  /** Stores the transition, then trains and syncs the target network when the schedule says so. */
  observe(transition: Transition<TypedArray>): ObserveResult {
    this.assertAlive();
    checkTransitionObservations(this, transition);
    if (!Number.isInteger(transition.action) || transition.action < 0 || transition.action >= this.numActions) {
      throw new ConfigError({ field: 'observe(transition).action', value: transition.action, expected: `an integer in [0, ${this.numActions})` });
    }
    this.replay.add(transition);
    const s = this.stepCount;
    const { minReplayHistory, updatePeriod, updatesPerStep, targetUpdatePeriod, batchSize } = this.settings;
    let updates = 0;
    let lossSum = 0;
    if (s >= minReplayHistory) {
      if (s % updatePeriod === 0 && this.replay.canSample(batchSize)) {
        for (let k = 0; k < updatesPerStep; k++) {
          lossSum += this.update();
          updates += 1;
        }
      }
      if (s % targetUpdatePeriod === 0) this.syncTarget();
    }
    this.stepCount = s + 1;
    return updates > 0 ? { updates, loss: lossSum / updates } : { updates: 0 };
  }

  /**
   * One offline training step (`Agent.trainStep`): a gradient update on a batch from the replay
   * buffer (a fixed dataset, never added to), then a copy of the online weights into the target
   * network when the number of gradient steps before this one is a multiple of
   * `targetUpdatePeriod`. This is Dopamine's fixed-replay loop (`FixedReplayRunner` calls the
   * agent's `_train_step` with `update_period = 1`: train, sync if
   * `training_steps % target_update_period == 0`, count), so offline the target period counts
   * gradient steps and `minReplayHistory`, `updatePeriod` and the epsilon schedule play no part.
   * Hooks see the same `UpdateContext` as online; with `totalSteps` set to the run's gradient steps
   * (and `minReplayHistory: 0`, `updatePeriod: 1`), `trainingFraction` is the fraction of the
   * offline run done, so pruning schedules span it.
   */
  trainStep(): ObserveResult {
    this.assertAlive();
    const before = this.updateCount;
    const loss = this.update();
    if (before % this.settings.targetUpdatePeriod === 0) this.syncTarget();
    return { updates: 1, loss };
  }

  /** Copies the online weights into the target network now. */
  syncTarget(): void {
    this.assertAlive();
    this.target.copyFrom(this.online);
    this.syncCount += 1;
  }

  /** Scalars for logs: epsilon, last loss, counters, and every hook's metrics as `<hook>/<name>`. */
  metrics(): Record<string, number> {
    const out: Record<string, number> = { epsilon: this.epsilon, steps: this.stepCount, updates: this.updateCount };
    if (this.lastLoss !== undefined) out['loss'] = this.lastLoss;
    return addHookMetrics(this.hooks, out);
  }

  /**
   * Everything but the replay buffer: both networks' weights (by parameter name), the optimiser's
   * slots, the counters, the exploration and replay-sampling RNG streams and every hook's state
   * (see {@link encodeValueAgentState}).
   */
  state(): AgentState {
    this.assertAlive();
    return encodeValueAgentState(this.stateParts(), this.counters(), this.streams());
  }

  /**
   * Continues from {@link ValueAgent.state}. Everything is checked first (kind, version, counters,
   * every weight's name and shape, hook names); a mismatch throws a `StateError` and leaves the agent
   * unchanged (the optimiser is rolled back if a hook refuses its state).
   */
  restore(state: AgentState): void {
    this.assertAlive();
    const parts = this.stateParts();
    const checked = checkValueAgentState(this.owner, state, parts);
    applyValueAgentState(checked, parts);
    this.explorationRng = checked.streams.exploration;
    this.evaluationRng = checked.streams.evaluation;
    this.replayRng = checked.streams.replay;
    this.stepCount = checked.counters.steps;
    this.updateCount = checked.counters.updates;
    this.syncCount = checked.counters.targetSyncs;
  }

  /** Frees both networks, the optimiser's slots and the hooks (the agent owns what it was given). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeOwn();
    for (const hook of this.hooks) hook.dispose?.();
    this.optimizer.dispose();
    this.online.dispose();
    this.target.dispose();
  }

  /**
   * Runs one gradient update on a fresh minibatch and returns its mean loss. Called by `observe` on
   * the schedule; public so tests and offline training can drive it directly.
   */
  update(): number {
    this.assertAlive();
    const batch = this.replay.sample(this.settings.batchSize, this.replayRng);
    const tensors = this.batchTensors(batch);
    const parameters = this.online.parameters();
    const variables = parameters.map((p) => p.variable);
    let gradients: NamedGradients = new Map();
    let perSample: tf.Tensor | undefined;
    let loss: number;
    const context = (step: number, keptGradients?: ReadonlySet<string>): UpdateContext => ({
      step,
      totalUpdates: this.totalUpdates,
      trainingFraction: this.totalUpdates ? step / this.totalUpdates : undefined,
      parameters,
      network: this.online,
      optimizer: this.optimizer,
      ...(keptGradients === undefined ? {} : { keptGradients }),
      batch,
      observations: tensors.observations,
    });
    try {
      const targets = tf.tidy(() => this.computeTargets(tensors));
      try {
        const weights = this.lossWeights(batch);
        const result = withWeightGradients(this.weightGradients(context(this.updateCount)), () =>
          tf.variableGrads(() => {
            const losses = this.perSampleLoss(tensors, targets);
            perSample = tf.keep(losses);
            return (weights === undefined ? tf.mean(losses) : tf.mean(tf.mul(losses, tf.tensor1d(weights)))) as tf.Scalar;
          }, variables),
        );
        loss = result.value.dataSync()[0]!;
        result.value.dispose();
        for (const [variableName, gradient] of Object.entries(result.grads)) {
          const parameter = this.parameterByVariable.get(variableName);
          if (parameter) gradients.set(parameter.name, gradient);
          else gradient.dispose();
        }
      } finally {
        targets.dispose();
      }
      const before = context(this.updateCount);
      for (const hook of this.hooks) hook.beforeUpdate?.(before);
      gradients = transformGradientsThroughHooks(this.hooks, gradients, before);
      const kept = keptGradientNames(gradients);
      this.optimizer.apply(gradients, parameters);
      for (const gradient of gradients.values()) gradient.dispose();
      gradients.clear();
      this.updateCount += 1;
      const after = context(this.updateCount, kept);
      for (const hook of this.hooks) hook.afterUpdate(after);
      if (this.replay.prioritized) {
        const priorities = this.newPriorities(perSample!.dataSync() as Float32Array);
        if (priorities) this.replay.updatePriorities(batch.indices, priorities);
      }
    } finally {
      for (const gradient of gradients.values()) gradient.dispose();
      perSample?.dispose();
      for (const tensor of [tensors.observations, tensors.nextObservations, tensors.actions, tensors.rewards, tensors.discounts]) {
        tensor.dispose();
      }
    }
    this.lastLoss = loss;
    return loss;
  }

  /**
   * `kept` when every hook says the update about to run needs the gradients of nonzero weights only
   * (core's `WeightGradients`: pruned weights' gradients are then skipped), else `dense`.
   */
  private weightGradients(context: UpdateContext): WeightGradients {
    return this.hooks.length > 0 && this.hooks.every((hook) => hook.weightGradients?.(context) === 'kept') ? 'kept' : 'dense';
  }

  /**
   * Q values `[B, numActions]` of `network` for acting (greedy choice); `noise` is NoisyNet's flag.
   * `rng` is the acting stream of the mode (`exploration` or `evaluation`), for agents whose Q values
   * are themselves sampled (IQN's quantile fractions).
   */
  protected abstract qValues(network: QNetwork, observations: tf.Tensor, noise: boolean, rng: Rng): tf.Tensor2D;

  /** TD targets for the batch (called inside a tidy, outside the gradient tape). */
  protected abstract computeTargets(batch: BatchTensors): tf.Tensor;

  /** Per-sample loss `[B]` of the online network against `targets` (inside the gradient tape). */
  protected abstract perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D;

  /** Per-sample loss weights (importance weights), or `undefined` for an unweighted mean. */
  protected abstract lossWeights(batch: Batch): Float32Array | undefined;

  /** New priorities for a prioritized buffer from the per-sample losses, or `undefined` to keep them. */
  protected abstract newPriorities(perSampleLoss: Float32Array): Float32Array | undefined;

  /** Frees tensors the subclass owns (called once by `dispose`). */
  protected disposeOwn(): void {}

  /** `[count, ...observationShape]` float32 tensor of raw observation values. */
  protected observationTensor(values: TypedArray, count: number): tf.Tensor {
    return observationTensor(values, count, this.observationShape);
  }

  private batchTensors(batch: Batch): BatchTensors {
    const b = batch.batchSize;
    let observations = this.observationTensor(batch.observations, b);
    let nextObservations = this.observationTensor(batch.nextObservations, b);
    if (this.augmentation) {
      // Observations first, then next observations, from the replay stream (Dopamine draws one key each).
      try {
        const augmented = this.augmentation.apply(observations, this.replayRng);
        observations.dispose();
        observations = augmented;
        const augmentedNext = this.augmentation.apply(nextObservations, this.replayRng);
        nextObservations.dispose();
        nextObservations = augmentedNext;
      } catch (error) {
        observations.dispose();
        nextObservations.dispose();
        throw error;
      }
    }
    return {
      batch,
      observations,
      nextObservations,
      actions: tf.tensor1d(batch.actions, 'int32'),
      rewards: tf.tensor1d(batch.rewards, 'float32'),
      discounts: tf.tensor1d(batch.discounts, 'float32'),
      rng: this.replayRng,
    };
  }

  private stateParts(): ValueAgentStateParts {
    return { kind: this.kind, online: this.online, target: this.target, optimizer: this.optimizer, hooks: this.hooks };
  }

  private counters(): ValueAgentCounters {
    return { steps: this.stepCount, updates: this.updateCount, targetSyncs: this.syncCount };
  }

  private streams(): ValueAgentStreams {
    return { exploration: this.explorationRng, evaluation: this.evaluationRng, replay: this.replayRng };
  }

  private assertAlive(): void {
    if (this.disposed) throw new StateError({ field: this.owner, value: 'disposed', expected: 'an agent that was not disposed' });
  }
}
