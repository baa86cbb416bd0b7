import {
  checkKnownKeys,
  ConfigError,
  Rng,
  StateError,
  type ActMode,
  type Agent,
  type AgentState,
  type Box,
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
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkActorCriticParts, prefixedParameters } from '../agent/actor-critic-parts';
import { checkActBatchInput, checkTransitionObservations, observationTensor } from '../agent/agent-input-checks';
import { addHookMetrics, transformGradientsThroughHooks } from '../agent/hook-chain';
import { plannedUpdates } from '../agent/planned-updates';
import { applyValueAgentState, checkValueAgentState, encodeValueAgentState, type ValueAgentStateParts, type ValueAgentStreams } from '../agent/value-agent-state';
import { actorLoss, softTdTargets, temperatureLoss, twinCriticLoss } from './sac-losses';
import { checkActionSpace, resolveSACOptions, SAC_COMPONENT_KEYS, SAC_OPTION_KEYS, type ResolvedSACOptions, type SACComponents, type SACOptions } from './sac-options';
import { splitPolicyOutput, squashedGaussian } from './squashed-gaussian';

const OWNER = 'SACAgent';

/**
 * Soft Actor-Critic (Haarnoja et al. 2018a/b) for continuous actions, as the rigl SAC experiments run
 * it through TF-Agents (PAPER.md, "SAC (MuJoCo)"): a tanh-squashed Gaussian actor, twin critics with
 * Polyak-averaged targets, a learned temperature, and the clipped double-Q soft TD target.
 *
 * One gradient step takes a minibatch and computes, from the same parameters (as the authors'
 * softlearning code runs its three training ops in one session call):
 * - the critics' loss `0.5 * sum_i mean((Q_i(s, a) - y)^2)` against
 *   `y = rewardScale * r + discount * (min_i Q'_i(s', a') - alpha log pi(a'|s'))`, `a' ~ pi(.|s')`;
 * - the actor's loss `mean(alpha log pi(a~|s) - min_i Q_i(s, a~))`, `a~ ~ pi(.|s)` reparameterised;
 * - the temperature's loss `-mean(log alpha * (log pi(a~|s) + targetEntropy))`;
 * then applies all gradients with one optimiser step and moves each target critic towards its critic
 * by `tau` every `targetUpdatePeriod` steps.
 *
 * **Hooks and pruning.** Hooks run around every gradient step as for value agents
 * (`UpdateHook`): their context lists the actor's and both critics' parameters, named
 * `actor/...`, `critic1/...`, `critic2/...` (with `networks` mapping those names to the networks), so
 * one pruner masks all three and its schedule counts this agent's gradient steps. The temperature is
 * trained but not shown to hooks. The target critics are never shown either: after each Polyak
 * update, when there are hooks, a target kernel keeps zeros wherever its critic's kernel is exactly
 * zero (a pruned weight: masks hold on the targets too, instead of decaying towards zero by
 * `(1 - tau)^k`).
 *
 * Acting: the first `minReplayHistory` training actions are uniform in the box (initial collect);
 * then `train` samples the policy, `eval` takes `tanh(mean)`. Actions are scaled from (-1, 1) onto
 * the box, and stored, and fed to the critics, in the environment's units.
 *
 * @example
 * ```ts
 * const agent = new SACAgent({
 *   networkFactory, actionSpace: env.actionSpace as Box, observationShape: [3],
 *   replay: new UniformReplayBuffer({ capacity: 100_000, observationShape: [3], observationDtype: 'float32', actionShape: [1] }),
 *   optimizer: new AdamOptimizer({ learningRate: 3e-4 }),
 *   hooks: [gmp],
 * });
 * ```
 */
export class SACAgent implements Agent<Float32Array> {
  readonly kind = 'sac';
  readonly actor: QNetwork;
  readonly critics: readonly [QNetwork, QNetwork];
  readonly targetCritics: readonly [QNetwork, QNetwork];
  readonly replay: ReplayBuffer;
  readonly optimizer: Optimizer;
  readonly hooks: readonly UpdateHook[];
  readonly observationShape: readonly number[];
  readonly actionSpace: Box;
  readonly actionSize: number;
  readonly settings: ResolvedSACOptions;
  /** The entropy the temperature tunes towards. */
  readonly targetEntropy: number;
  /** Gradient steps planned for the run (from `totalSteps`), or `undefined`. */
  readonly totalUpdates: number | undefined;
  /** `log alpha`, trained with the networks. */
  readonly logAlpha: tf.Variable;

  /** Values per observation. */
  readonly observationSize: number;
  /** Actor and critics, prefixed: what hooks see. */
  private readonly hookParameters: readonly Parameter[];
  /** Hook parameters plus the temperature: what the optimiser trains and checkpoints save. */
  private readonly trainedParameters: readonly Parameter[];
  private readonly targetParameters: readonly Parameter[];
  private readonly parameterByVariable: Map<string, Parameter>;
  private readonly networksByName: ReadonlyMap<string, QNetwork>;
  private readonly scale: tf.Tensor2D;
  private readonly offset: tf.Tensor2D;
  private readonly logScale: number;
  /** Acting (`exploration`, `evaluation`) and update (`replay`) streams, replaced whole on restore. */
  private streams: ValueAgentStreams;
  /** Env steps, gradient steps and Polyak updates (`targetSyncs`). */
  private counters: { steps: number; updates: number; targetSyncs: number } = { steps: 0, updates: 0, targetSyncs: 0 };
  private lastMetrics: Record<string, number> = {};
  private disposed = false;

  constructor(input: SACComponents & SACOptions) {
    if (input === null || typeof input !== 'object') throw new ConfigError({ field: OWNER, value: input, expected: 'an options object' });
    checkKnownKeys(`${OWNER} options`, input, [...SAC_COMPONENT_KEYS, ...SAC_OPTION_KEYS]);
    this.settings = resolveSACOptions(OWNER, input);
    this.actionSpace = checkActionSpace(OWNER, input.actionSpace);
    this.actionSize = this.actionSpace.size;
    this.targetEntropy = this.settings.targetEntropy ?? -this.actionSize;
    const parts = checkActorCriticParts(OWNER, input);
    const { networkFactory, init } = parts;
    const replay = input.replay;
    if (typeof replay?.sample !== 'function' || typeof replay.add !== 'function') {
      throw new ConfigError({ field: `${OWNER}.replay`, value: replay, expected: 'a ReplayBuffer of continuous actions' });
    }
    if (replay.prioritized) {
      // Refused rather than sampled as if uniform: SAC applies no importance weights and sets no priorities.
      throw new ConfigError({ field: `${OWNER}.replay.prioritized`, value: true, expected: 'a uniform ReplayBuffer (SAC samples uniformly, as TF-Agents, CleanRL and SB3 do)' });
    }
    this.replay = replay;
    this.optimizer = parts.optimizer;
    this.hooks = parts.hooks;
    this.observationShape = parts.observationShape;
    this.observationSize = parts.observationSize;
    this.streams = parts.streams;
    const actorSeed = init.uint32();
    const criticSeeds = [init.uint32(), init.uint32()] as const;
    const criticShape = [this.observationSize + this.actionSize];
    this.actor = networkFactory.create({ observationShape: this.observationShape, numActions: 2 * this.actionSize, seed: actorSeed, scope: 'actor' });
    this.critics = [0, 1].map((i) => networkFactory.create({ observationShape: criticShape, numActions: 1, seed: criticSeeds[i]!, scope: `critic${i + 1}` })) as [QNetwork, QNetwork];
    this.targetCritics = [0, 1].map((i) => {
      const target = networkFactory.create({ observationShape: criticShape, numActions: 1, seed: criticSeeds[i]!, scope: `target${i + 1}` });
      target.copyFrom(this.critics[i]!);
      return target;
    }) as [QNetwork, QNetwork];
    const initialLogAlpha = tf.scalar(this.settings.initialLogAlpha);
    this.logAlpha = tf.variable(initialLogAlpha, true);
    initialLogAlpha.dispose(); // the variable keeps its own reference
    this.networksByName = new Map([
      ['actor', this.actor],
      ['critic1', this.critics[0]],
      ['critic2', this.critics[1]],
    ]);
    this.hookParameters = [...this.networksByName].flatMap(([name, network]) => prefixedParameters(name, network));
    this.trainedParameters = [...this.hookParameters, { name: 'temperature/log_alpha', variable: this.logAlpha, role: 'temperature', layer: 'temperature' }];
    this.targetParameters = [...prefixedParameters('critic1', this.targetCritics[0]), ...prefixedParameters('critic2', this.targetCritics[1])];
    this.parameterByVariable = new Map(this.trainedParameters.map((p) => [p.variable.name, p]));

    const { low, high } = this.actionSpace;
    const scale = Float32Array.from(low, (l, i) => (high[i]! - l) / 2);
    this.scale = tf.tensor2d(scale, [1, this.actionSize]);
    this.offset = tf.tensor2d(Float32Array.from(low, (l, i) => (high[i]! + l) / 2), [1, this.actionSize]);
    this.logScale = scale.reduce((sum, s) => sum + Math.log(s), 0);
    const { totalSteps, minReplayHistory, updatePeriod, updatesPerStep } = this.settings;
    this.totalUpdates = totalSteps === undefined ? undefined : plannedUpdates({ totalSteps, minReplayHistory, updatePeriod, updatesPerStep });
  }

  /** The actor: the network the agent acts with (`Agent.online`, for diagnostics). */
  get online(): QNetwork {
    return this.actor;
  }

  get steps(): number {
    return this.counters.steps;
  }

  get updates(): number {
    return this.counters.updates;
  }

  /** The temperature alpha now. */
  get alpha(): number {
    return Math.exp(this.logAlpha.dataSync()[0]!);
  }

  act(observation: TypedArray, mode: ActMode): Float32Array {
    return this.actBatch(observation, 1, mode);
  }

  /**
   * Actions for `count` observations laid end to end, `count * actionSize` values: uniform in the box
   * during the initial collect (`train` mode only), else one forward pass of the actor, sampled in
   * `train` mode (from the `exploration` stream) and `tanh(mean)` in `eval` mode.
   */
  actBatch(observations: TypedArray, count: number, mode: ActMode): Float32Array {
    this.assertAlive();
    checkActBatchInput(this, observations, count, mode);
    const n = count * this.actionSize;
    if (mode === 'train' && this.counters.steps < this.settings.minReplayHistory) {
      const { low, high } = this.actionSpace;
      return Float32Array.from({ length: n }, (_, i) => low[i % this.actionSize]! + (high[i % this.actionSize]! - low[i % this.actionSize]!) * this.streams.exploration.uniform());
    }
    const noise = mode === 'train' ? this.normals(this.streams.exploration, n) : undefined;
    return tf.tidy(() => {
      const network = mode === 'eval' ? (this.actor.inferenceView?.() ?? this.actor) : this.actor;
      const { mean, logStd } = splitPolicyOutput(network.apply(this.observationTensor(observations, count)) as tf.Tensor2D);
      const u = noise ? tf.add(mean, tf.mul(tf.exp(logStd), tf.tensor2d(noise, [count, this.actionSize]))) : mean;
      return Float32Array.from(this.toBox(tf.tanh(u) as tf.Tensor2D).dataSync() as Float32Array);
    });
  }

  /** Stores the transition and runs the gradient steps the schedule calls for. */
  observe(transition: Transition<TypedArray, Float32Array>): ObserveResult {
    this.assertAlive();
    checkTransitionObservations(this, transition);
    const action = transition.action;
    if (!(action instanceof Float32Array) || action.length !== this.actionSize) {
      throw new ConfigError({ field: 'observe(transition).action', value: action, expected: `a Float32Array of ${this.actionSize} values` });
    }
    for (let i = 0; i < action.length; i++) {
      if (!Number.isFinite(action[i])) throw new ConfigError({ field: `observe(transition).action[${i}]`, value: action[i], expected: 'a finite number' });
    }
    this.replay.add(transition);
    const s = this.counters.steps;
    const { minReplayHistory, updatePeriod, updatesPerStep, batchSize } = this.settings;
    let updates = 0;
    let lossSum = 0;
    if (s >= minReplayHistory && s % updatePeriod === 0 && this.replay.canSample(batchSize)) {
      for (let k = 0; k < updatesPerStep; k++) {
        lossSum += this.update();
        updates += 1;
      }
    }
    this.counters.steps = s + 1;
    return updates > 0 ? { updates, loss: lossSum / updates } : { updates: 0 };
  }

  /**
   * One gradient step on a fresh minibatch (see the class comment); returns the critics' loss. Called
   * by `observe` on the schedule; public so tests can drive it.
   */
  update(): number {
    this.assertAlive();
    const batch = this.replay.sample(this.settings.batchSize, this.streams.replay);
    if (!batch.actionVectors) {
      throw new ConfigError({ field: `${OWNER}.replay`, value: 'batches without actionVectors', expected: 'a replay buffer of continuous actions (built with actionShape)' });
    }
    const B = batch.batchSize;
    const A = this.actionSize;
    const nextNoise = this.normals(this.streams.replay, B * A);
    const noise = this.normals(this.streams.replay, B * A);
    const alpha = this.alpha;
    const { rewardScale } = this.settings;
    const observations = this.observationTensor(batch.observations, B);
    const nextObservations = this.observationTensor(batch.nextObservations, B);
    const actions = tf.tensor2d(batch.actionVectors, [B, A]);
    let gradients: NamedGradients = new Map();
    let temperatureGradient: tf.Tensor | undefined;
    let logProb: tf.Tensor1D | undefined;
    const metrics: Record<string, number> = {};
    try {
      const targets = tf.tidy(() => {
        const next = this.sample(nextObservations, tf.tensor2d(nextNoise, [B, A]));
        const nextQ = this.targetCritics.map((critic) => this.q(critic, nextObservations, next.action));
        return softTdTargets(tf.tensor1d(batch.rewards), tf.tensor1d(batch.discounts), nextQ[0]!, nextQ[1]!, next.logProb, alpha, rewardScale);
      });
      try {
        const criticVariables = this.critics.flatMap((c) => c.parameters().map((p) => p.variable));
        const critic = tf.variableGrads(() => twinCriticLoss(this.q(this.critics[0], observations, actions), this.q(this.critics[1], observations, actions), targets), criticVariables);
        this.collect(critic, gradients, metrics, 'critic_loss');
      } finally {
        targets.dispose();
      }
      const actorVariables = this.actor.parameters().map((p) => p.variable);
      const actorResult = tf.variableGrads(() => {
        const current = this.sample(observations, tf.tensor2d(noise, [B, A]));
        logProb = tf.keep(current.logProb);
        return actorLoss(current.logProb, this.q(this.critics[0], observations, current.action), this.q(this.critics[1], observations, current.action), alpha);
      }, actorVariables);
      this.collect(actorResult, gradients, metrics, 'actor_loss');
      const temperature = tf.variableGrads(() => temperatureLoss(this.logAlpha, logProb!, this.targetEntropy), [this.logAlpha]);
      metrics['alpha_loss'] = temperature.value.dataSync()[0]!;
      metrics['entropy'] = -tf.tidy(() => tf.mean(logProb!).dataSync()[0]!);
      temperature.value.dispose();
      temperatureGradient = temperature.grads[this.logAlpha.name];

      const context = (step: number): UpdateContext => ({
        step,
        totalUpdates: this.totalUpdates,
        trainingFraction: this.totalUpdates ? step / this.totalUpdates : undefined,
        parameters: this.hookParameters,
        network: this.actor,
        networks: this.networksByName,
        optimizer: this.optimizer,
        batch,
        observations,
      });
      const before = context(this.counters.updates);
      for (const hook of this.hooks) hook.beforeUpdate?.(before);
      gradients = transformGradientsThroughHooks(this.hooks, gradients, before);
      const all: NamedGradients = new Map(gradients);
      if (temperatureGradient) all.set('temperature/log_alpha', temperatureGradient);
      this.optimizer.apply(all, this.trainedParameters);
      this.counters.updates += 1;
      const after = context(this.counters.updates);
      for (const hook of this.hooks) hook.afterUpdate(after);
      if (this.counters.updates % this.settings.targetUpdatePeriod === 0) this.updateTargets();
    } finally {
      for (const gradient of gradients.values()) gradient.dispose();
      temperatureGradient?.dispose();
      logProb?.dispose();
      tf.dispose([observations, nextObservations, actions]);
    }
    metrics['alpha'] = this.alpha;
    this.lastMetrics = metrics;
    return metrics['critic_loss']!;
  }

  /** Scalars for logs: the last step's losses, alpha and entropy, counters, and every hook's metrics. */
  metrics(): Record<string, number> {
    const out: Record<string, number> = { ...this.lastMetrics, steps: this.counters.steps, updates: this.counters.updates };
    if (out['critic_loss'] !== undefined) out['loss'] = out['critic_loss'];
    return addHookMetrics(this.hooks, out);
  }

  /**
   * Everything but the replay buffer: actor, critics and temperature (`online`, prefixed names),
   * target critics (`target`), the optimiser's slots, counters (`targetSyncs` counts Polyak updates),
   * the random streams and every hook's state.
   */
  state(): AgentState {
    this.assertAlive();
    return encodeValueAgentState(this.stateParts(), this.counters, this.streams);
  }

  /** Continues from {@link SACAgent.state}; a state that does not fit throws a `StateError` and changes nothing. */
  restore(state: AgentState): void {
    this.assertAlive();
    const parts = this.stateParts();
    const checked = checkValueAgentState(OWNER, state, parts);
    applyValueAgentState(checked, parts);
    this.streams = checked.streams;
    this.counters = { ...checked.counters };
  }

  /** Frees the networks, the temperature, the optimiser's slots and the hooks. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const hook of this.hooks) hook.dispose?.();
    this.optimizer.dispose();
    for (const network of [this.actor, ...this.critics, ...this.targetCritics]) network.dispose();
    tf.dispose([this.logAlpha, this.scale, this.offset]);
  }

  // ---- internals ----------------------------------------------------------------------------

  /** `target = tau * critic + (1 - tau) * target`; with hooks, pruned (exactly zero) critic kernels stay zero. */
  private updateTargets(): void {
    const tau = this.settings.tau;
    const masked = this.hooks.length > 0;
    tf.tidy(() => {
      this.critics.forEach((critic, i) => {
        const online = critic.parameters();
        this.targetCritics[i]!.parameters().forEach((target, j) => {
          const source = online[j]!.variable;
          let value = tf.add(tf.mul(source, tau), tf.mul(target.variable, 1 - tau));
          if (masked && target.role === 'kernel') value = tf.mul(value, tf.cast(tf.notEqual(source, 0), 'float32'));
          target.variable.assign(value);
        });
      });
    });
    this.counters.targetSyncs += 1;
  }

  /** A policy sample at `observations`: the action in the box's units and its log-probability. */
  private sample(observations: tf.Tensor, noise: tf.Tensor2D): { action: tf.Tensor2D; logProb: tf.Tensor1D } {
    const { mean, logStd } = splitPolicyOutput(this.actor.apply(observations) as tf.Tensor2D);
    const { squashed, logProb } = squashedGaussian(mean, logStd, noise, this.logScale);
    return { action: this.toBox(squashed), logProb };
  }

  /** `Q(s, a)` of `critic`, `[B]`. */
  private q(critic: QNetwork, observations: tf.Tensor, actions: tf.Tensor2D): tf.Tensor1D {
    const input = tf.concat([tf.reshape(observations, [actions.shape[0], this.observationSize]), actions], 1);
    return tf.reshape(critic.apply(input), [actions.shape[0]]);
  }

  private toBox(squashed: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.mul(squashed, this.scale), this.offset);
  }

  private collect(result: { value: tf.Scalar; grads: tf.NamedTensorMap }, into: NamedGradients, metrics: Record<string, number>, name: string): void {
    metrics[name] = result.value.dataSync()[0]!;
    result.value.dispose();
    for (const [variableName, gradient] of Object.entries(result.grads)) {
      const parameter = this.parameterByVariable.get(variableName);
      if (parameter) into.set(parameter.name, gradient);
      else gradient.dispose();
    }
  }

  private normals(rng: Rng, n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = rng.normal();
    return out;
  }

  private observationTensor(values: TypedArray, count: number): tf.Tensor {
    return observationTensor(values, count, this.observationShape);
  }

  private stateParts(): ValueAgentStateParts {
    return {
      kind: this.kind,
      online: { parameters: () => this.trainedParameters },
      target: { parameters: () => this.targetParameters },
      optimizer: this.optimizer,
      hooks: this.hooks,
    };
  }

  private assertAlive(): void {
    if (this.disposed) throw new StateError({ field: OWNER, value: 'disposed', expected: 'an agent that was not disposed' });
  }
}
