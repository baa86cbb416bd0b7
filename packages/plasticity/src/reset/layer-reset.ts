import {
  checkKnownKeys,
  resetOptimizerSlots,
  resolveRng,
  StateError,
  type NetworkFactory,
  type Parameter,
  type Rng,
  type RngState,
  type SeedOptions,
  type UpdateContext,
  type UpdateHook,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { PeriodicSchedule } from '../hooks/periodic-schedule';
import { FreshWeights, type ReinitMode } from '../init/fresh-weights';
import { selectResetLayers, type ResetLayerSelection } from './reset-layers';

/** Options of {@link LayerReset}. */
export interface LayerResetOptions extends SeedOptions {
  /** Gradient updates between resets. Default 100,000 (the paper's; swept 20k to 500k in Figure 25). */
  readonly resetPeriod?: number;
  /** Which layers. Default `last`. */
  readonly layers?: ResetLayerSelection;
  /** First update index that may reset. Default 0. */
  readonly startStep?: number;
  /** Update index from which resets stop (exclusive). Default: never. */
  readonly endStep?: number;
  /** Where the new weights come from. Default `xavier-uniform` (the reference). */
  readonly reinit?: ReinitMode;
  /** The run's network factory, required by `reinit: 'network'`. */
  readonly networkFactory?: NetworkFactory;
  /** Hook name in logs and state. Default `reset`. */
  readonly name?: string;
}

/** What {@link LayerReset.state} returns (plain JSON). */
export interface LayerResetState {
  readonly version: 1;
  readonly name: string;
  readonly stream: RngState;
  readonly resets: number;
}

const KEYS = ['resetPeriod', 'layers', 'startStep', 'endStep', 'reinit', 'networkFactory', 'rng', 'seed', 'name'] as const;

/**
 * Reset (Nikishin et al. 2022, "The primacy bias in deep RL") as Dopamine's `labs/redo` `LayerReset`:
 * every `resetPeriod` gradient updates (after update u, u > 0 and a multiple of the period) the chosen
 * layers (default the last) are re-initialised, every parameter of them, and all their optimiser
 * moments are zeroed (through core's `resetOptimizerSlots`). Other layers are not touched.
 *
 * With `reinit: 'xavier-uniform'` (default, the reference) kernels are drawn Glorot-uniform and biases
 * set to zero; with `reinit: 'network'` the layers take the values of a network freshly built by the
 * run's factory, i.e. exactly a new initialisation of the architecture (needed for NoisyNet layers).
 * The reference leaves bias moments alone (its masks skip 1-D parameters); here they are zeroed with
 * the rest of the layer. Metric: `<name>/resets`.
 *
 * @example
 * ```ts
 * const reset = new LayerReset({ resetPeriod: 100_000, layers: 'last', rng: root.split('reset') });
 * const agent = new DQNAgent({ networkFactory, replay, optimizer, hooks: [reset], ... });
 * ```
 */
export class LayerReset implements UpdateHook {
  readonly name: string;
  readonly schedule: PeriodicSchedule;
  private readonly selection: ResetLayerSelection;
  private readonly fresh: FreshWeights;
  private readonly rng: Rng;
  private chosen: Parameter[] | undefined;
  private chosenFrom: readonly Parameter[] | undefined;
  private resets = 0;

  constructor(options: LayerResetOptions = {}) {
    const name = options.name ?? 'reset';
    checkKnownKeys(`${name} options`, options, KEYS);
    this.name = name;
    this.schedule = new PeriodicSchedule(name, 'resetPeriod', options.resetPeriod ?? 100_000, options.startStep, options.endStep);
    this.selection = options.layers ?? 'last';
    this.fresh = new FreshWeights(options.reinit ?? 'xavier-uniform', options.networkFactory, name);
    this.rng = resolveRng(options, name, name).split('reinit');
  }

  /** The layers reset, in network order (known from the first hook call). */
  layers(): string[] | undefined {
    return this.chosen ? [...new Set(this.chosen.map((p) => p.layer))] : undefined;
  }

  afterUpdate(context: UpdateContext): void {
    // Resolved on the first call, so a selection that does not fit fails at once.
    const parameters = this.parametersToReset(context.parameters);
    if (this.schedule.firesAfter(context.step - 1)) this.reset(context, parameters);
  }

  /** Re-initialises the chosen layers now (what `afterUpdate` does on its schedule). */
  resetNow(context: UpdateContext): void {
    this.reset(context, this.parametersToReset(context.parameters));
  }

  metrics(): Record<string, number> {
    return { resets: this.resets };
  }

  state(): LayerResetState {
    return { version: 1, name: this.name, stream: this.rng.state(), resets: this.resets };
  }

  /** Continues from {@link LayerReset.state}; a state of another hook throws a `StateError` and changes nothing. */
  restore(state: unknown): void {
    const s = state as Partial<LayerResetState> | null;
    if (s === null || typeof s !== 'object' || s.version !== 1 || s.name !== this.name || !Number.isSafeInteger(s.resets) || typeof s.stream !== 'object') {
      throw new StateError({ field: `${this.name}.restore(state)`, value: state, expected: `the state() of a "${this.name}" LayerReset hook` });
    }
    this.rng.restore(s.stream!);
    this.resets = s.resets!;
  }

  private parametersToReset(parameters: readonly Parameter[]): Parameter[] {
    if (this.chosen && this.chosenFrom === parameters) return this.chosen;
    const names = new Set(selectResetLayers(this.selection, parameters, `${this.name}.layers`));
    const chosen = parameters.filter((p) => names.has(p.layer));
    this.fresh.check(chosen);
    this.chosen = chosen;
    this.chosenFrom = parameters;
    return chosen;
  }

  private reset(context: UpdateContext, parameters: readonly Parameter[]): void {
    const values = this.fresh.draw(parameters, context.network, this.rng);
    tf.tidy(() => {
      for (const p of parameters) p.variable.assign(tf.tensor(values.get(p.name)!, p.variable.shape, 'float32'));
    });
    resetOptimizerSlots(
      context.optimizer,
      parameters.map((p) => ({ parameter: p.name })),
      { parameters: context.parameters, owner: this.name },
    );
    this.resets += 1;
  }
}
