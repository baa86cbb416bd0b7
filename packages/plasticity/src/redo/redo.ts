import {
  checkFraction,
  checkKnownKeys,
  checkPositiveInteger,
  ConfigError,
  resetOptimizerSlots,
  resolveRng,
  StateError,
  type ApplyOptions,
  type NetworkFactory,
  type Parameter,
  type QNetwork,
  type ReplayBuffer,
  type Rng,
  type RngState,
  type SeedOptions,
  type SlotReset,
  type UpdateContext,
  type UpdateHook,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { PeriodicSchedule } from '../hooks/periodic-schedule';
import { FreshWeights, type ReinitMode } from '../init/fresh-weights';
import { weightLayers, type WeightLayer } from '../layers/layer-graph';
import { dormantScores } from './dormant-scores';
import { checkRecyclingPlan, inferRecyclingPlan, type RecycledLayer } from './recycling-plan';

/** Options of {@link ReDo}. */
export interface ReDoOptions extends SeedOptions {
  /** Dormancy threshold tau: neurons with a normalised score s <= tau are recycled. Default 0.1 (the paper's). */
  readonly tau?: number;
  /**
   * Gradient updates between recycling events. Default 200,000 (Dopamine's `reset_period`; the paper
   * does not state its value, PAPER.md section 6).
   */
  readonly recyclePeriod?: number;
  /** First update index that may recycle. Default 0. */
  readonly startStep?: number;
  /** Update index from which recycling stops (exclusive). Default: never. */
  readonly endStep?: number;
  /** States scored per event, sampled from `replay`. Default 256 (Dopamine's `batch_size_statistics`). */
  readonly batchSize?: number;
  /**
   * Where the scored states come from: `batchSize` states sampled (with this hook's own stream) from
   * this buffer. Without it, or while it cannot sample `batchSize`, the update's own minibatch is
   * scored (`UpdateContext.observations`).
   */
  readonly replay?: ReplayBuffer;
  /** Where re-initialised incoming weights come from. Default `xavier-uniform` (the reference). */
  readonly reinit?: ReinitMode;
  /** The run's network factory, required by `reinit: 'network'`. */
  readonly networkFactory?: NetworkFactory;
  /** Which layers to recycle and into which layers they feed; default inferred (see `inferRecyclingPlan`). */
  readonly layers?: readonly RecycledLayer[];
  /** Hook name in logs and state. Default `redo`. */
  readonly name?: string;
}

/** What {@link ReDo.state} returns (plain JSON). */
export interface ReDoState {
  readonly version: 1;
  readonly name: string;
  readonly streams: { readonly statistics: RngState; readonly reinit: RngState; readonly taus: RngState };
  readonly events: number;
  readonly recycledTotal: number;
  readonly lastRecycled: number;
  readonly lastDormantFraction: number;
  readonly lastScoredStates: number;
}

/** What one recycling event found and did. */
export interface RecyclingEvent {
  /** `afterUpdate`'s step (updates done so far). */
  readonly step: number;
  /** States scored. */
  readonly batchSize: number;
  /** Normalised scores of every recycled layer's neurons. */
  readonly scores: ReadonlyMap<string, Float32Array>;
  /** Indices of the recycled (tau-dormant) neurons per layer. */
  readonly recycled: ReadonlyMap<string, readonly number[]>;
}

const KEYS = ['tau', 'recyclePeriod', 'startStep', 'endStep', 'batchSize', 'replay', 'reinit', 'networkFactory', 'layers', 'rng', 'seed', 'name'] as const;

/** Which rows (input axis) or columns (last axis) of one parameter an event rewrites. */
interface Edit {
  readonly parameter: Parameter;
  incoming?: Uint8Array;
  outgoing?: Uint8Array;
}

/**
 * ReDo, "Recycling Dormant neurons" (Sokar et al. 2023), as Dopamine's `labs/redo` `NeuronRecycler`:
 * every `recyclePeriod` gradient updates (after update u, u > 0 and a multiple of the period, as the
 * reference), it
 *
 * 1. scores every recycled layer's neurons on `batchSize` (256) states sampled from the replay buffer:
 *    s_i = mean |h_i| / (layer mean + 1e-9) over the batch (and the spatial axes of a conv feature map);
 * 2. marks the tau-dormant ones, s_i <= tau (0.1);
 * 3. re-initialises their incoming weights (xavier uniform as the reference, or the network's own
 *    initialiser with `reinit: 'network'`) and zeroes their biases;
 * 4. zeroes their outgoing weights (the next layer's input rows; a dense layer after a conv reads the
 *    channels-last flatten, so a feature map owns every C-th row);
 * 5. zeroes the optimiser moments of every weight it rewrote (through core's `resetOptimizerSlots`).
 *
 * Incoming edits are applied before outgoing ones, so a weight that is both (a dormant neuron feeding
 * a dormant neuron) ends at zero, as in the reference. Differences from the reference, on purpose: its
 * conv-to-dense outgoing mask uses `jnp.repeat` (rows c·HW..(c+1)·HW-1 for channel c), which does not
 * match Flax's channels-last `reshape`; here the rows of channel c are r with r mod C = c. Its masks
 * skip 1-D parameters, so bias moments stay; here they are zeroed with the bias. And its resnet
 * pairing sends the second block's first conv into the next stack's conv; here each block's `conv1`
 * feeds its own `conv2` (see `inferRecyclingPlan`).
 *
 * Scores use the network's mean weights (`noise: false`); an IQN network is scored at one random
 * quantile fraction per state. Metrics (`<name>/...`): `dormant_fraction`, `recycled` and
 * `scored_states` of the last event, `recycled_total`, `events`.
 *
 * @example
 * ```ts
 * const redo = new ReDo({ tau: 0.1, recyclePeriod: 1_000, replay, rng: root.split('redo') });
 * // Before a pruner, so the pruner re-applies its masks after the recycled weights are rewritten.
 * const agent = new DQNAgent({ networkFactory, replay, optimizer, hooks: [redo, pruner], ... });
 * ```
 */
export class ReDo implements UpdateHook {
  readonly name: string;
  readonly tau: number;
  readonly batchSize: number;
  readonly schedule: PeriodicSchedule;
  private readonly replay: ReplayBuffer | undefined;
  private readonly fresh: FreshWeights;
  private readonly explicitPlan: readonly RecycledLayer[] | undefined;
  private readonly statisticsRng: Rng;
  private readonly reinitRng: Rng;
  private readonly tausRng: Rng;
  private plan: RecycledLayer[] | undefined;
  private events = 0;
  private recycledTotal = 0;
  private lastRecycled = 0;
  private lastDormantFraction = 0;
  private lastScoredStates = 0;
  private last: RecyclingEvent | undefined;

  constructor(options: ReDoOptions = {}) {
    const name = options.name ?? 'redo';
    checkKnownKeys(`${name} options`, options, KEYS);
    this.name = name;
    this.tau = checkFraction(`${name}.tau`, options.tau ?? 0.1);
    this.batchSize = checkPositiveInteger(`${name}.batchSize`, options.batchSize ?? 256);
    this.schedule = new PeriodicSchedule(name, 'recyclePeriod', options.recyclePeriod ?? 200_000, options.startStep, options.endStep);
    if (options.replay !== undefined && (options.replay === null || typeof options.replay.sample !== 'function' || typeof options.replay.canSample !== 'function')) {
      throw new ConfigError({ field: `${name}.replay`, value: options.replay, expected: 'a ReplayBuffer (sample, canSample)' });
    }
    this.replay = options.replay;
    this.fresh = new FreshWeights(options.reinit ?? 'xavier-uniform', options.networkFactory, name);
    this.explicitPlan = options.layers;
    if (options.layers !== undefined && (!Array.isArray(options.layers) || options.layers.length === 0)) {
      throw new ConfigError({ field: `${name}.layers`, value: options.layers, expected: 'a non-empty array of { layer, next: [layer, ...] }' });
    }
    const rng = resolveRng(options, name, name);
    this.statisticsRng = rng.split('statistics');
    this.reinitRng = rng.split('reinit');
    this.tausRng = rng.split('taus');
  }

  /** The layers recycled and their outgoing layers (known after the first recycling event, or given). */
  recyclingPlan(): readonly RecycledLayer[] | undefined {
    return this.plan;
  }

  /** What the last recycling event found and did, if any ran. */
  lastEvent(): RecyclingEvent | undefined {
    return this.last;
  }

  afterUpdate(context: UpdateContext): void {
    if (this.schedule.firesAfter(context.step - 1)) {
      this.recycle(context);
    } else if (!this.plan && context.observations) {
      // Settle (and check) the plan at the first update, so a network ReDo cannot recycle fails
      // now rather than at the first event, possibly hours later.
      this.score(context.network, context.observations, context.parameters);
    }
  }

  /**
   * Runs one recycling event now (what `afterUpdate` does on its schedule): scores, re-initialises,
   * zeroes and resets moments. Returns the event.
   */
  recycle(context: UpdateContext): RecyclingEvent {
    const network = context.network;
    const { observations, owned } = this.statisticsBatch(context);
    let scores: Map<string, Float32Array>;
    try {
      scores = this.score(network, observations, context.parameters);
    } finally {
      if (owned) observations.dispose();
    }
    const layers = new Map(weightLayers(context.parameters).map((l) => [l.name, l]));
    const recycled = new Map<string, number[]>();
    let total = 0;
    for (const { layer } of this.plan!) {
      const s = scores.get(layer)!;
      total += s.length;
      const dormant: number[] = [];
      s.forEach((v, i) => {
        if (v <= this.tau) dormant.push(i);
      });
      if (dormant.length > 0) recycled.set(layer, dormant);
    }
    const count = [...recycled.values()].reduce((a, d) => a + d.length, 0);
    if (count > 0) this.rewrite(context, layers, recycled);
    this.events += 1;
    this.lastRecycled = count;
    this.recycledTotal += count;
    this.lastDormantFraction = total === 0 ? 0 : count / total;
    this.lastScoredStates = observations.shape[0]!;
    this.last = { step: context.step, batchSize: this.lastScoredStates, scores, recycled };
    return this.last;
  }

  metrics(): Record<string, number> {
    return {
      dormant_fraction: this.lastDormantFraction,
      recycled: this.lastRecycled,
      recycled_total: this.recycledTotal,
      events: this.events,
      scored_states: this.lastScoredStates,
    };
  }

  state(): ReDoState {
    return {
      version: 1,
      name: this.name,
      streams: { statistics: this.statisticsRng.state(), reinit: this.reinitRng.state(), taus: this.tausRng.state() },
      events: this.events,
      recycledTotal: this.recycledTotal,
      lastRecycled: this.lastRecycled,
      lastDormantFraction: this.lastDormantFraction,
      lastScoredStates: this.lastScoredStates,
    };
  }

  /** Continues from {@link ReDo.state}; a state of another hook throws a `StateError` and changes nothing. */
  restore(state: unknown): void {
    const s = state as Partial<ReDoState> | null;
    const ok =
      s !== null &&
      typeof s === 'object' &&
      s.version === 1 &&
      s.name === this.name &&
      typeof s.streams === 'object' &&
      s.streams !== null &&
      [s.events, s.recycledTotal, s.lastRecycled, s.lastScoredStates].every((n) => Number.isSafeInteger(n)) &&
      typeof s.lastDormantFraction === 'number';
    if (!ok) throw new StateError({ field: `${this.name}.restore(state)`, value: state, expected: `the state() of a "${this.name}" ReDo hook` });
    const streams = [this.statisticsRng, this.reinitRng, this.tausRng];
    const saved = streams.map((r) => r.state());
    try {
      this.statisticsRng.restore(s.streams!.statistics);
      this.reinitRng.restore(s.streams!.reinit);
      this.tausRng.restore(s.streams!.taus);
    } catch (error) {
      streams.forEach((r, i) => r.restore(saved[i]!));
      throw error;
    }
    this.events = s.events!;
    this.recycledTotal = s.recycledTotal!;
    this.lastRecycled = s.lastRecycled!;
    this.lastDormantFraction = s.lastDormantFraction!;
    this.lastScoredStates = s.lastScoredStates!;
  }

  /** The states to score: a replay sample when possible, else the update's minibatch. */
  private statisticsBatch(context: UpdateContext): { observations: tf.Tensor; owned: boolean } {
    if (this.replay && this.replay.canSample(this.batchSize)) {
      const batch = this.replay.sample(this.batchSize, this.statisticsRng);
      const values = batch.observations instanceof Float32Array ? batch.observations : Float32Array.from(batch.observations as ArrayLike<number>);
      return { observations: tf.tensor(values, [batch.batchSize, ...batch.observationShape], 'float32'), owned: true };
    }
    if (context.observations) return { observations: context.observations, owned: false };
    throw new StateError({
      field: `${this.name} statistics batch`,
      value: this.replay ? `a replay buffer that cannot sample ${this.batchSize} states` : 'no replay buffer and no minibatch in the update context',
      expected: 'a replay buffer (the replay option) or an agent that passes UpdateContext.observations',
    });
  }

  /** Scores of the planned layers' neurons (the plan is settled on the first call). */
  private score(network: QNetwork, observations: tf.Tensor, parameters: readonly Parameter[]): Map<string, Float32Array> {
    const options: ApplyOptions = { noise: false, ...(network.head.kind === 'quantile' ? { taus: this.randomTaus(observations.shape[0]!) } : {}) };
    let activations: Map<string, tf.Tensor>;
    try {
      activations = network.activations(observations, options);
    } finally {
      options.taus?.dispose();
    }
    try {
      if (!this.plan) {
        const shapes = new Map([...activations].map(([k, t]) => [k, t.shape]));
        this.plan = this.explicitPlan ? checkRecyclingPlan(this.explicitPlan, parameters, `${this.name}.layers`) : inferRecyclingPlan(parameters, shapes);
        if (this.plan.length === 0) {
          this.plan = undefined;
          throw new ConfigError({
            field: `${this.name}.layers`,
            value: [...shapes.keys()],
            expected: 'a network with hidden layers whose outputs feed a dense or conv layer (none found)',
            hint: 'Pass layers: [{ layer, next: [...] }] for a network with other conventions.',
          });
        }
        const layers = new Map(weightLayers(parameters).map((l) => [l.name, l]));
        try {
          for (const { layer } of this.plan) {
            const { parameters: own, units } = layers.get(layer)!;
            this.fresh.check(own.filter((p) => p.variable.shape[p.variable.rank - 1] === units));
          }
        } catch (error) {
          this.plan = undefined;
          throw error;
        }
      }
      const scores = new Map<string, Float32Array>();
      for (const { layer } of this.plan) {
        const activation = activations.get(layer);
        if (!activation) {
          throw new StateError({ field: `${this.name}.layers`, value: layer, expected: `a layer whose activation the network records (${[...activations.keys()].join(', ')})` });
        }
        scores.set(layer, dormantScores(activation));
      }
      return scores;
    } finally {
      tf.dispose([...activations.values()]);
    }
  }

  private randomTaus(batch: number): tf.Tensor {
    const taus = new Float32Array(batch);
    for (let i = 0; i < batch; i++) taus[i] = this.tausRng.uniform();
    return tf.tensor2d(taus, [batch, 1]);
  }

  /** Re-initialises incoming weights, zeroes outgoing ones and resets their moments. */
  private rewrite(context: UpdateContext, layers: ReadonlyMap<string, WeightLayer>, recycled: ReadonlyMap<string, readonly number[]>): void {
    const edits = new Map<string, Edit>();
    const edit = (p: Parameter): Edit => {
      let e = edits.get(p.name);
      if (!e) edits.set(p.name, (e = { parameter: p }));
      return e;
    };
    const incomingLayers: WeightLayer[] = [];
    for (const { layer: name, next } of this.plan!) {
      const dormant = recycled.get(name);
      if (!dormant) continue;
      const layer = layers.get(name)!;
      incomingLayers.push(layer);
      const neurons = new Uint8Array(layer.units);
      for (const i of dormant) neurons[i] = 1;
      // Incoming: every parameter of the layer laid out along its units (kernel, bias, NoisyNet sigmas).
      for (const p of layer.parameters) if (p.variable.shape[p.variable.rank - 1] === layer.units) edit(p).incoming = neurons;
      for (const consumerName of next) {
        const consumer = layers.get(consumerName)!;
        const rows = new Uint8Array(consumer.inputs);
        // Same width: row r is neuron r; a dense layer over NHWC feature maps: row r is channel r mod C.
        for (let r = 0; r < rows.length; r++) rows[r] = neurons[r % layer.units]!;
        for (const p of consumer.parameters) {
          if (p.variable.rank >= 2 && p.variable.shape[p.variable.rank - 2] === consumer.inputs) {
            const e = edit(p);
            e.outgoing = e.outgoing ? e.outgoing.map((v, r) => v | rows[r]!) : rows;
          }
        }
      }
    }
    const fresh = this.fresh.draw(
      incomingLayers.flatMap((l) => l.parameters.filter((p) => edits.get(p.name)?.incoming)),
      context.network,
      this.reinitRng,
    );
    const resets: SlotReset[] = [];
    try {
      for (const { parameter: p, incoming, outgoing } of edits.values()) {
        const shape = p.variable.shape;
        const columns = shape[shape.length - 1]!;
        const rowCount = shape.length >= 2 ? shape[shape.length - 2]! : 1;
        const values = Float32Array.from(p.variable.dataSync() as Float32Array);
        const replacement = incoming ? fresh.get(p.name)! : undefined;
        const mask = new Float32Array(values.length);
        for (let i = 0; i < values.length; i++) {
          const column = i % columns;
          const row = Math.floor(i / columns) % rowCount;
          if (incoming && incoming[column] === 1) {
            values[i] = replacement![i]!;
            mask[i] = 1;
          }
          if (outgoing && outgoing[row] === 1) {
            values[i] = 0;
            mask[i] = 1;
          }
        }
        tf.tidy(() => p.variable.assign(tf.tensor(values, shape, 'float32')));
        resets.push({ parameter: p.name, mask: tf.tensor(mask, shape, 'float32') });
      }
      resetOptimizerSlots(context.optimizer, resets, { parameters: context.parameters, owner: this.name });
    } finally {
      tf.dispose(resets.map((r) => r.mask!));
    }
  }
}
