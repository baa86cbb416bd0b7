import {
  ConfigError,
  isBox,
  StateError,
  type ActMode,
  type Action,
  type Agent,
  type AgentState,
  type Box,
  type Discrete,
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
import { applyValueAgentState, checkValueAgentState, encodeValueAgentState, type ValueAgentStateParts, type ValueAgentStreams } from '../agent/value-agent-state';
import { categoricalEntropy, categoricalLogProb, clippedPolicyLoss, diagonalGaussianEntropy, diagonalGaussianLogProb, generalizedAdvantages, valueLoss } from './ppo-losses';
import { checkPPOActionSpace, plannedPPOUpdates, resolvePPOOptions, type PPOComponents, type PPOOptions, type ResolvedPPOOptions } from './ppo-options';
import { decodeRollout, encodeRollout, type RolloutStep } from './rollout';

const OWNER = 'PPOAgent';

/** An action taken in `train` mode and not yet observed: what the update needs of it. */
interface PendingAction {
  /** Which environment stream (row of the `actBatch` call) it belongs to. */
  readonly stream: number;
  /** What the environment got (a Gaussian sample clipped to the box, or an index). */
  readonly sent: Action;
  /** The unclipped sample (`Box`) or the index: what the log-probability is of. */
  readonly raw: Float32Array | number;
  readonly logProb: number;
  readonly value: number;
}

/**
 * Proximal Policy Optimization with the clipped objective (Schulman et al. 2017), as the rigl PPO
 * experiments run it (PAPER.md, "PPO (MuJoCo)"): a policy network and a value network, rollouts of
 * `rolloutSteps` transitions, generalised advantage estimation, then `epochs` passes over the rollout
 * in shuffled minibatches, each a gradient step on
 * `L = L_clip + valueCoefficient * L_value - entropyCoefficient * entropy`, the gradients clipped to
 * a global norm (CleanRL, SB3).
 *
 * Policies: for a `Box` action space a diagonal Gaussian with the network's outputs as means and a
 * trained, state-independent log standard deviation (CleanRL's and SB3's default); the environment
 * gets the sample clipped to the box, the update uses the unclipped sample's log-probability (as SB3).
 * For a `Discrete` space a categorical over the network's logits. `eval` mode takes the mean (clipped)
 * or the most likely action.
 *
 * **Vector environments.** `actBatch(observations, N, 'train')` acts for N environment streams; the
 * N transitions are then observed in the same order (what a runner stepping a vector environment
 * does), and GAE runs along each stream. `act` is stream 0. An `observe` must follow the `train`
 * action it reports (the agent checks the action is the one it gave).
 *
 * **Hooks and pruning.** Hooks run around every gradient step (`UpdateHook`), seeing the policy's and
 * the value network's parameters, named `policy/...` and `value/...` (`networks` maps the two names),
 * so one pruner masks both and its schedule counts this agent's gradient steps (PAPER.md: the rigl
 * PPO schedule is in gradient steps, 32k-120k of 156,480). The log standard deviations are trained
 * but not shown to hooks.
 *
 * @example
 * ```ts
 * const agent = new PPOAgent({
 *   networkFactory, actionSpace: env.actionSpace as Box, observationShape: [3],
 *   optimizer: new AdamOptimizer({ learningRate: 3e-4, epsilon: 1e-5 }),
 *   hooks: [gmp], totalSteps: 1_000_000,
 * });
 * ```
 */
export class PPOAgent implements Agent<Action> {
  readonly kind = 'ppo';
  readonly policy: QNetwork;
  readonly valueNetwork: QNetwork;
  readonly optimizer: Optimizer;
  /** Where observed transitions also go, for diagnostics (never sampled for training), if given. */
  readonly replay: ReplayBuffer | undefined;
  readonly hooks: readonly UpdateHook[];
  readonly observationShape: readonly number[];
  readonly observationSize: number;
  readonly actionSpace: Box | Discrete;
  /** Entries of one action: the box's size, or 1 for a discrete index. */
  readonly actionSize: number;
  readonly settings: ResolvedPPOOptions;
  /** Gradient steps planned for the run (from `totalSteps`), or `undefined`. */
  readonly totalUpdates: number | undefined;
  /** The Gaussian policy's log standard deviations `[actionSize]` (a `Box` only). */
  readonly logStd: tf.Variable | undefined;

  private readonly continuous: boolean;
  private readonly hookParameters: readonly Parameter[];
  private readonly trainedParameters: readonly Parameter[];
  private readonly parameterByVariable: Map<string, Parameter>;
  private readonly networksByName: ReadonlyMap<string, QNetwork>;
  private streams: ValueAgentStreams;
  private counters = { steps: 0, updates: 0, targetSyncs: 0 };
  private pending: PendingAction[] = [];
  private rollout: RolloutStep[] = [];
  private lastMetrics: Record<string, number> = {};
  private disposed = false;

  constructor(input: PPOComponents & PPOOptions) {
    if (input === null || typeof input !== 'object') throw new ConfigError({ field: OWNER, value: input, expected: 'an options object' });
    this.settings = resolvePPOOptions(OWNER, input);
    this.actionSpace = checkPPOActionSpace(OWNER, input.actionSpace);
    this.continuous = isBox(this.actionSpace);
    this.actionSize = isBox(this.actionSpace) ? this.actionSpace.size : 1;
    const parts = checkActorCriticParts(OWNER, input);
    const { networkFactory, init } = parts;
    this.optimizer = parts.optimizer;
    if (input.replay !== undefined && typeof input.replay?.add !== 'function') {
      throw new ConfigError({ field: `${OWNER}.replay`, value: input.replay, expected: 'a ReplayBuffer (or nothing)' });
    }
    this.replay = input.replay;
    this.hooks = parts.hooks;
    this.observationShape = parts.observationShape;
    this.observationSize = parts.observationSize;
    this.streams = parts.streams;
    const outputs = isBox(this.actionSpace) ? this.actionSpace.size : this.actionSpace.n;
    this.policy = networkFactory.create({ observationShape: this.observationShape, numActions: outputs, seed: init.uint32(), scope: 'policy' });
    this.valueNetwork = networkFactory.create({ observationShape: this.observationShape, numActions: 1, seed: init.uint32(), scope: 'value' });
    this.logStd = this.continuous ? variableOf(tf.fill([this.actionSize], this.settings.initialLogStd)) : undefined;
    this.networksByName = new Map([
      ['policy', this.policy],
      ['value', this.valueNetwork],
    ]);
    this.hookParameters = [...this.networksByName].flatMap(([name, network]) => prefixedParameters(name, network));
    this.trainedParameters = this.logStd
      ? [...this.hookParameters, { name: 'policy/log_std', variable: this.logStd, role: 'log_std', layer: 'policy/log_std' }]
      : this.hookParameters;
    this.parameterByVariable = new Map(this.trainedParameters.map((p) => [p.variable.name, p]));
    const { totalSteps } = this.settings;
    this.totalUpdates = totalSteps === undefined ? undefined : plannedPPOUpdates(this.settings, totalSteps);
  }

  /** The policy network (`Agent.online`, for diagnostics). */
  get online(): QNetwork {
    return this.policy;
  }

  get steps(): number {
    return this.counters.steps;
  }

  get updates(): number {
    return this.counters.updates;
  }

  /** Transitions stored for the next update. */
  get rolloutSize(): number {
    return this.rollout.length;
  }

  act(observation: TypedArray, mode: ActMode): Action {
    const actions = this.actBatch(observation, 1, mode);
    return this.continuous ? actions : actions[0]!;
  }

  /**
   * Actions for `count` observations laid end to end: `count * actionSize` values for a box, `count`
   * indices (an `Int32Array`) for a discrete space. In `train` mode each row is an environment
   * stream whose transition must be observed next (see the class comment).
   */
  actBatch(observations: TypedArray, count: number, mode: ActMode): Float32Array & Int32Array {
    this.assertAlive();
    checkActBatchInput(this, observations, count, mode);
    if (mode === 'train' && this.pending.length > 0) {
      throw new StateError({
        field: `${OWNER}.actBatch(mode)`,
        value: `${this.pending.length} train action(s) not yet observed`,
        expected: 'every train action observed (observe(transition)) before acting again in train mode',
      });
    }
    const room = this.settings.rolloutSteps - this.rollout.length;
    if (mode === 'train' && room % count !== 0) {
      // The update runs when the rollout is full: rows acted for before it but observed after it
      // would join the next rollout with the old policy's log-probabilities and values.
      throw new ConfigError({
        field: `${OWNER}.actBatch(count)`,
        value: count,
        expected: `a count that divides the ${room} transitions left in the rollout (rolloutSteps ${this.settings.rolloutSteps}: give a number of streams that divides it)`,
      });
    }
    const { means, logits, values } = this.forward(observations, count, mode);
    if (this.continuous) return this.continuousActions(means!, values, count, mode) as Float32Array & Int32Array;
    return this.discreteActions(logits!, values, count, mode) as Float32Array & Int32Array;
  }

  /** Stores the transition of the oldest pending `train` action; runs an update when the rollout is full. */
  observe(transition: Transition<TypedArray, Action>): ObserveResult {
    this.assertAlive();
    checkTransitionObservations(this, transition);
    const pending = this.pending[0];
    if (!pending) {
      throw new StateError({ field: 'observe(transition)', value: 'no pending train action', expected: "a transition of an action from act(observation, 'train')" });
    }
    if (!sameAction(pending.sent, transition.action)) {
      throw new StateError({ field: 'observe(transition).action', value: transition.action, expected: `the action act() gave for this step (${String(pending.sent)})` });
    }
    if (!Number.isFinite(transition.reward)) throw new ConfigError({ field: 'observe(transition).reward', value: transition.reward, expected: 'a finite number' });
    this.pending.shift();
    this.replay?.add(transition);
    this.rollout.push({
      stream: pending.stream,
      observation: Float32Array.from(transition.observation as ArrayLike<number>),
      nextObservation: Float32Array.from(transition.nextObservation as ArrayLike<number>),
      action: pending.raw,
      reward: transition.reward,
      terminated: transition.terminated,
      truncated: transition.truncated,
      logProb: pending.logProb,
      value: pending.value,
    });
    this.counters.steps += 1;
    if (this.rollout.length < this.settings.rolloutSteps) return { updates: 0 };
    const { updates, loss } = this.train();
    return { updates, loss };
  }

  /** Scalars for logs: the last update's losses, KL, clip fraction and entropy, counters, and every hook's metrics. */
  metrics(): Record<string, number> {
    const out: Record<string, number> = { ...this.lastMetrics, steps: this.counters.steps, updates: this.counters.updates };
    return addHookMetrics(this.hooks, out);
  }

  /**
   * Everything: policy, value network and log standard deviations (`online`), the optimiser's
   * slots, counters, random streams, hook states, the rollout collected so far (so a run resumed
   * mid-rollout continues bit for bit) and the last update's scalars. Refused while a `train` action waits for its transition.
   */
  state(): AgentState {
    this.assertAlive();
    if (this.pending.length > 0) {
      throw new StateError({ field: `${OWNER}.state()`, value: `${this.pending.length} pending train action(s)`, expected: 'no action waiting for its transition (take the state between steps)' });
    }
    return {
      ...encodeValueAgentState(this.stateParts(), this.counters, this.streams),
      rollout: encodeRollout(this.rollout, this.observationSize, this.actionSize, this.continuous),
      // The last update's scalars, so a run resumed between updates logs what the straight run logs.
      metrics: { ...this.lastMetrics },
    };
  }

  /** Continues from {@link PPOAgent.state}; a state that does not fit throws a `StateError` and changes nothing. */
  restore(state: AgentState): void {
    this.assertAlive();
    const parts = this.stateParts();
    const checked = checkValueAgentState(OWNER, state, parts);
    const rollout = decodeRollout(OWNER, state['rollout'], this.observationSize, this.actionSize, this.continuous, this.settings.rolloutSteps);
    const metrics = state['metrics'] as Record<string, unknown> | undefined;
    if (metrics === null || typeof metrics !== 'object' || Object.values(metrics).some((v) => typeof v !== 'number')) {
      throw new StateError({ field: `${OWNER} state.metrics`, value: metrics, expected: 'the last update\'s scalars by name' });
    }
    applyValueAgentState(checked, parts);
    this.lastMetrics = { ...(metrics as Record<string, number>) };
    this.streams = checked.streams;
    this.counters = { ...checked.counters };
    this.rollout = rollout;
    this.pending = [];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const hook of this.hooks) hook.dispose?.();
    this.optimizer.dispose();
    this.policy.dispose();
    this.valueNetwork.dispose();
    this.logStd?.dispose();
  }

  // ---- acting --------------------------------------------------------------------------------

  private forward(observations: TypedArray, count: number, mode: ActMode): { means?: Float32Array; logits?: Float32Array; values: Float32Array } {
    return tf.tidy(() => {
      const input = observationTensor(observations, count, this.observationShape);
      const network = mode === 'eval' ? (this.policy.inferenceView?.() ?? this.policy) : this.policy;
      const out = network.apply(input).dataSync() as Float32Array;
      const values = mode === 'train' ? (this.valueNetwork.apply(input).dataSync() as Float32Array) : new Float32Array(count);
      return this.continuous ? { means: Float32Array.from(out), values: Float32Array.from(values) } : { logits: Float32Array.from(out), values: Float32Array.from(values) };
    });
  }

  private continuousActions(means: Float32Array, values: Float32Array, count: number, mode: ActMode): Float32Array {
    const box = this.actionSpace as Box;
    const A = this.actionSize;
    const clip = (v: number, i: number): number => Math.min(box.high[i % A]!, Math.max(box.low[i % A]!, v));
    if (mode === 'eval') return Float32Array.from(means, clip);
    const noise = Float32Array.from({ length: count * A }, () => this.streams.exploration.normal());
    const { raw, logProb } = tf.tidy(() => {
      const mean = tf.tensor2d(means, [count, A]);
      const sample = tf.add(mean, tf.mul(tf.exp(this.logStd!), tf.tensor2d(noise, [count, A]))) as tf.Tensor2D;
      return { raw: Float32Array.from(sample.dataSync() as Float32Array), logProb: Float32Array.from(diagonalGaussianLogProb(mean, this.logStd!, sample).dataSync() as Float32Array) };
    });
    const sent = Float32Array.from(raw, clip);
    for (let row = 0; row < count; row++) {
      this.pending.push({ stream: row, sent: sent.slice(row * A, (row + 1) * A), raw: raw.slice(row * A, (row + 1) * A), logProb: logProb[row]!, value: values[row]! });
    }
    return sent;
  }

  private discreteActions(logits: Float32Array, values: Float32Array, count: number, mode: ActMode): Int32Array {
    const n = (this.actionSpace as Discrete).n;
    const start = (this.actionSpace as Discrete).start;
    const out = new Int32Array(count);
    const logProbs = tf.tidy(() => Float32Array.from(tf.logSoftmax(tf.tensor2d(logits, [count, n])).dataSync() as Float32Array));
    for (let row = 0; row < count; row++) {
      const rowLogProbs = logProbs.subarray(row * n, (row + 1) * n);
      let index = 0;
      if (mode === 'eval') {
        for (let a = 1; a < n; a++) if (rowLogProbs[a]! > rowLogProbs[index]!) index = a;
      } else {
        // Inverse-CDF draw from the exploration stream (probabilities in float64).
        let u = this.streams.exploration.uniform();
        index = n - 1;
        for (let a = 0; a < n; a++) {
          u -= Math.exp(rowLogProbs[a]!);
          if (u < 0) {
            index = a;
            break;
          }
        }
        this.pending.push({ stream: row, sent: start + index, raw: index, logProb: rowLogProbs[index]!, value: values[row]! });
      }
      out[row] = start + index;
    }
    return out;
  }

  // ---- training ------------------------------------------------------------------------------

  /** GAE over the rollout, then `epochs` passes of shuffled minibatches; empties the rollout. */
  private train(): { updates: number; loss: number } {
    const steps = this.rollout;
    const N = steps.length;
    const { discount, gaeLambda, epochs, minibatchSize } = this.settings;
    const observations = this.stack(steps.map((s) => s.observation), this.observationSize);
    const nextValues = tf.tidy(() => Float32Array.from(this.valueNetwork.apply(observationTensor(this.stack(steps.map((s) => s.nextObservation), this.observationSize), N, this.observationShape)).dataSync() as Float32Array));
    const advantages = new Float32Array(N);
    const returns = new Float32Array(N);
    const byStream = new Map<number, number[]>();
    steps.forEach((s, i) => {
      const indices = byStream.get(s.stream);
      if (indices) indices.push(i);
      else byStream.set(s.stream, [i]);
    });
    for (const indices of [...byStream.keys()].sort((a, b) => a - b).map((k) => byStream.get(k)!)) {
      const result = generalizedAdvantages({
        rewards: indices.map((i) => steps[i]!.reward),
        values: indices.map((i) => steps[i]!.value),
        nextValues: indices.map((i) => nextValues[i]!),
        terminated: indices.map((i) => steps[i]!.terminated),
        episodeEnds: indices.map((i) => steps[i]!.terminated || steps[i]!.truncated),
        discount,
        lambda: gaeLambda,
      });
      indices.forEach((i, k) => {
        advantages[i] = result.advantages[k]!;
        returns[i] = result.returns[k]!;
      });
    }
    const all = {
      observations: observationTensor(observations, N, this.observationShape),
      actions: this.continuous
        ? tf.tensor2d(this.stack(steps.map((s) => s.action as Float32Array), this.actionSize), [N, this.actionSize])
        : tf.tensor1d(Int32Array.from(steps, (s) => s.action as number), 'int32'),
      logProbs: tf.tensor1d(Float32Array.from(steps, (s) => s.logProb)),
      values: tf.tensor1d(Float32Array.from(steps, (s) => s.value)),
      advantages: tf.tensor1d(advantages),
      returns: tf.tensor1d(returns),
    };
    let updates = 0;
    let lossSum = 0;
    const sums: Record<string, number> = {};
    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const order = this.permutation(N);
        for (let start = 0; start < N; start += minibatchSize) {
          const indices = tf.tensor1d(order.subarray(start, start + minibatchSize), 'int32');
          try {
            const metrics = this.gradientStep(all, indices);
            for (const [k, v] of Object.entries(metrics)) sums[k] = (sums[k] ?? 0) + v;
            lossSum += metrics['loss']!;
            updates += 1;
          } finally {
            indices.dispose();
          }
        }
      }
    } finally {
      tf.dispose(Object.values(all));
      this.rollout = [];
    }
    this.lastMetrics = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / updates]));
    const explained = explainedVariance(Float32Array.from(steps, (s) => s.value), returns);
    if (Number.isFinite(explained)) this.lastMetrics['explained_variance'] = explained;
    return { updates, loss: lossSum / updates };
  }

  /** One gradient step on the rows `indices` of the rollout; returns its scalars. */
  private gradientStep(all: Record<'observations' | 'actions' | 'logProbs' | 'values' | 'advantages' | 'returns', tf.Tensor>, indices: tf.Tensor1D): Record<string, number> {
    const { clipRatio, valueClip, valueCoefficient, entropyCoefficient, normalizeAdvantages, maxGradNorm } = this.settings;
    const B = indices.shape[0];
    const batch = tf.tidy(() => {
      const rawAdvantages = tf.gather(all.advantages, indices) as tf.Tensor1D;
      let advantages = rawAdvantages;
      if (normalizeAdvantages) {
        const { mean, variance } = tf.moments(rawAdvantages);
        // The unbiased standard deviation, as torch.std in CleanRL and SB3.
        advantages = tf.div(tf.sub(rawAdvantages, mean), tf.add(tf.sqrt(tf.mul(variance, B / (B - 1))), 1e-8));
      }
      return {
        observations: tf.gather(all.observations, indices),
        actions: tf.gather(all.actions, indices),
        oldLogProbs: tf.gather(all.logProbs, indices) as tf.Tensor1D,
        oldValues: tf.gather(all.values, indices) as tf.Tensor1D,
        returns: tf.gather(all.returns, indices) as tf.Tensor1D,
        advantages,
      };
    });
    const scalars: tf.Scalar[] = [];
    let gradients: NamedGradients = new Map();
    try {
      const variables = this.trainedParameters.map((p) => p.variable);
      const result = tf.variableGrads(() => {
        const out = this.policy.apply(batch.observations) as tf.Tensor2D;
        const logProb = this.continuous ? diagonalGaussianLogProb(out, this.logStd!, batch.actions as tf.Tensor2D) : categoricalLogProb(out, batch.actions as tf.Tensor1D);
        const entropy = tf.mean(this.continuous ? diagonalGaussianEntropy(this.logStd! as tf.Tensor1D, B) : categoricalEntropy(out)) as tf.Scalar;
        const policyLoss = clippedPolicyLoss(logProb, batch.oldLogProbs, batch.advantages, clipRatio);
        const values = tf.reshape(this.valueNetwork.apply(batch.observations), [B]) as tf.Tensor1D;
        const valueTerm = valueLoss(values, batch.oldValues, batch.returns, valueClip);
        const logRatio = tf.sub(logProb, batch.oldLogProbs);
        // Schulman's low-variance KL estimator, mean((r - 1) - log r) (CleanRL's approx_kl).
        const approxKl = tf.mean(tf.sub(tf.sub(tf.exp(logRatio), 1), logRatio)) as tf.Scalar;
        const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(tf.exp(logRatio), 1)), clipRatio), 'float32')) as tf.Scalar;
        scalars.push(...[policyLoss, valueTerm, entropy, approxKl, clipFraction].map((t) => tf.keep(t)));
        return tf.sub(tf.add(policyLoss, tf.mul(valueTerm, valueCoefficient)), tf.mul(entropy, entropyCoefficient)) as tf.Scalar;
      }, variables);
      const loss = result.value.dataSync()[0]!;
      result.value.dispose();
      for (const [name, gradient] of Object.entries(result.grads)) {
        const parameter = this.parameterByVariable.get(name);
        if (parameter) gradients.set(parameter.name, gradient);
        else gradient.dispose();
      }
      const norm = globalNorm(gradients);
      if (Number.isFinite(maxGradNorm) && norm > maxGradNorm) gradients = scaleGradients(gradients, maxGradNorm / norm);
      const context = (step: number): UpdateContext => ({
        step,
        totalUpdates: this.totalUpdates,
        trainingFraction: this.totalUpdates ? step / this.totalUpdates : undefined,
        parameters: this.hookParameters,
        network: this.policy,
        networks: this.networksByName,
        optimizer: this.optimizer,
        observations: batch.observations,
      });
      const before = context(this.counters.updates);
      for (const hook of this.hooks) hook.beforeUpdate?.(before);
      gradients = transformGradientsThroughHooks(this.hooks, gradients, before);
      this.optimizer.apply(gradients, this.trainedParameters);
      this.counters.updates += 1;
      const after = context(this.counters.updates);
      for (const hook of this.hooks) hook.afterUpdate(after);
      const [policyLoss, valueTerm, entropy, approxKl, clipFraction] = scalars.map((s) => s.dataSync()[0]!);
      return { loss, policy_loss: policyLoss!, value_loss: valueTerm!, entropy: entropy!, approx_kl: approxKl!, clip_fraction: clipFraction!, grad_norm: norm };
    } finally {
      for (const gradient of gradients.values()) gradient.dispose();
      tf.dispose(scalars);
      tf.dispose(Object.values(batch));
    }
  }

  /** A Fisher-Yates permutation of `0..n-1` from the update stream. */
  private permutation(n: number): Int32Array {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.streams.replay.uniformInt(0, i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    return order;
  }

  private stack(rows: readonly Float32Array[], size: number): Float32Array {
    const out = new Float32Array(rows.length * size);
    rows.forEach((row, i) => out.set(row, i * size));
    return out;
  }

  private stateParts(): ValueAgentStateParts {
    return {
      kind: this.kind,
      online: { parameters: () => this.trainedParameters },
      target: { parameters: () => [] },
      optimizer: this.optimizer,
      hooks: this.hooks,
    };
  }

  private assertAlive(): void {
    if (this.disposed) throw new StateError({ field: OWNER, value: 'disposed', expected: 'an agent that was not disposed' });
  }
}

/** A trainable variable holding `initial` (disposed: the variable keeps its own reference). */
function variableOf(initial: tf.Tensor): tf.Variable {
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

function sameAction(a: Action, b: unknown): boolean {
  if (typeof a === 'number') return a === b;
  return b instanceof Float32Array && b.length === a.length && b.every((v, i) => Object.is(v, a[i]));
}

/** `sqrt(sum_g sum(g^2))` over every gradient. */
function globalNorm(gradients: NamedGradients): number {
  return tf.tidy(() => Math.sqrt(tf.addN([...gradients.values()].map((g) => tf.sum(tf.square(g)))).dataSync()[0]!));
}

/** Every gradient times `factor` (new tensors; the old ones are disposed). */
function scaleGradients(gradients: NamedGradients, factor: number): NamedGradients {
  const scaled: NamedGradients = new Map();
  for (const [name, gradient] of gradients) {
    scaled.set(name, tf.mul(gradient, factor));
    gradient.dispose();
  }
  return scaled;
}

/** `1 - Var(returns - values) / Var(returns)` (SB3's explained variance; NaN when the returns are constant). */
function explainedVariance(values: Float32Array, returns: Float32Array): number {
  const n = values.length;
  const variance = (xs: ArrayLike<number>): number => {
    let m = 0;
    for (let i = 0; i < n; i++) m += xs[i]! / n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
    return s / n;
  };
  const residual = Float64Array.from(returns, (r, i) => r - values[i]!);
  const v = variance(returns);
  return v === 0 ? Number.NaN : 1 - variance(residual) / v;
}
