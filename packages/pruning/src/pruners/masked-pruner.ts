import {
  checkBoolean,
  isKeptWeightGradient,
  resetOptimizerSlots,
  StateError,
  type NamedGradients,
  type NamedTensorRecords,
  type Parameter,
  type Pruner,
  type SparsityReport,
  type TensorRecord,
  type UpdateContext,
  type WeightGradients,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { measureSparsity, type SparsityTargets } from '../reporting/measure-sparsity';
import { sparsityMetrics } from '../reporting/sparsity-metrics';
import { selectPrunable, type PrunableSelection } from '../selection/select-prunable';

/** Options every {@link MaskedPruner} takes. */
export interface MaskedPrunerOptions {
  /** The hook's name in logs and state (`gmp`, `rigl`, ...). */
  readonly name: string;
  /** Which parameters get masks. Default: every parameter with more than one dimension. */
  readonly prunable?: PrunableSelection;
  /**
   * Multiply gradients by the masks before the optimiser sees them (JaxPruner's
   * `is_sparse_gradients`). Off for gradual pruning (the reference feeds Adam the full gradients), on
   * for static and dynamic sparse training.
   */
  readonly sparseGradients?: boolean;
}

/** What {@link MaskedPruner.state} returns: masks as compact records plus counters. */
export interface MaskedPrunerState {
  readonly version: 1;
  /** The pruner's name; restoring into a pruner of another name is refused. */
  readonly name: string;
  /** Index of the next gradient update when the state was taken. */
  readonly step: number;
  readonly maskUpdates: number;
  readonly lastMaskUpdateStep: number | null;
  /** One `bool` record (0/1 bytes) per prunable tensor. */
  readonly masks: NamedTensorRecords;
  /** Subclass state (plain JSON), if any. */
  readonly extra?: unknown;
  /**
   * `sparsity()` when the state was taken: reported again after a restore until the first hook call
   * tells the pruner its parameters (a run resumed where no update comes before its next log line,
   * e.g. PPO between rollouts, logs what the uninterrupted run logs). Absent in older states.
   */
  readonly report?: SparsityReport;
  /**
   * The prunable parameters whose optimiser slots were exactly zero at every pruned weight when the
   * state was taken (see {@link MaskedPruner.afterUpdate}). Absent in older states: none.
   */
  readonly prunedSlotsZero?: readonly string[];
}

/**
 * Base class of every pruner here, and the easiest start for a custom one. It implements the
 * {@link Pruner} contract around a set of binary masks (float32 tensors of 0/1, one per prunable
 * parameter):
 *
 * - on the first hook call it selects the prunable parameters, lets the subclass `prepare` (resolve
 *   schedules, allocate per-layer targets) and sets the initial masks (all ones unless the subclass
 *   says otherwise, or the masks of a `restore`d state), then multiplies the weights by them;
 * - `beforeUpdate` / `transformGradients` call the subclass's `onBeforeUpdate` / `onGradients`, where
 *   masks are recomputed through {@link MaskedPruner.replaceMasks} (from the weights before this
 *   update, as the reference does);
 * - `afterUpdate` multiplies every non-dense layer by its mask, so masked weights are exactly zero
 *   after every optimiser step (and a target network copying them inherits the zeros); it skips the
 *   layers that provably kept their zeros (kept gradients, cleared slots, an optimiser that
 *   `keepsZeros`);
 * - reporting, metrics, `state()`/`restore()` and `dispose()` come for free.
 *
 * Layers whose mask is all ones are skipped when masking, so a pruner costs nothing before its
 * schedule starts. A subclass implements `targets(step)` (what it reports as scheduled) and
 * overrides the `protected` steps it needs.
 */
export abstract class MaskedPruner implements Pruner {
  readonly name: string;
  protected readonly sparseGradients: boolean;
  private readonly selection: PrunableSelection;
  private parameterList: readonly Parameter[] = [];
  private prunableList: Parameter[] = [];
  /** Whether the masks cover every kernel of a parameter list (see `weightGradients`), for the last list seen. */
  private coverage: { readonly parameters: readonly Parameter[]; readonly covers: boolean } | undefined;
  private readonly maskTensors = new Map<string, tf.Tensor>();
  private readonly maskNonzero = new Map<string, number>();
  private initialized = false;
  private pending: MaskedPrunerState | undefined;
  /** New masks were set since the last `afterUpdate` (not by a restore): clear pruned weights' optimiser slots there. */
  private slotsToClear = false;
  /** The weights were multiplied by the current masks, and no mask or parameter changed since. */
  private masksApplied = false;
  /** Parameters whose optimiser slots are exactly zero at every pruned weight (cleared, and kept so since). */
  private prunedSlotsZero = new Set<string>();
  /** Index of the next gradient update (UpdateContext.step of the latest call). */
  protected currentStep = 0;
  /** How many times masks were recomputed. */
  protected maskUpdates = 0;
  /** The update index before which masks were last recomputed. */
  protected lastMaskUpdateStep: number | undefined;

  protected constructor(options: MaskedPrunerOptions) {
    this.name = options.name;
    this.selection = options.prunable ?? {};
    this.sparseGradients = checkBoolean(`${options.name}.sparseGradients`, options.sparseGradients ?? false);
  }

  // ---- UpdateHook ---------------------------------------------------------------------------

  beforeUpdate(context: UpdateContext): void {
    this.ensureInitialized(context);
    this.currentStep = context.step;
    this.onBeforeUpdate(context);
  }

  transformGradients(gradients: NamedGradients, context: UpdateContext): NamedGradients {
    this.ensureInitialized(context);
    this.currentStep = context.step;
    const transformed = this.onGradients(gradients, context);
    if (!this.sparseGradients) return transformed;
    // Tensors this pruner created in onGradients and now replaces are its to dispose; the agent
    // disposes only those of the map it passed in.
    const originals = new Set(gradients.values());
    const masked: NamedGradients = new Map();
    for (const [name, gradient] of transformed) {
      const mask = this.maskTensors.get(name);
      // A kept gradient is already zero wherever the (masked) weights are: passing it on unchanged
      // gives the product's bits and keeps its mark, so re-masking can be skipped after the step.
      const alreadyMasked = this.masksApplied && isKeptWeightGradient(gradient);
      if (mask && !this.isDense(name) && !alreadyMasked) {
        masked.set(name, tf.mul(gradient, mask));
        if (!originals.has(gradient)) gradient.dispose();
      } else {
        masked.set(name, gradient);
      }
    }
    return masked;
  }

  /**
   * `kept` when the subclass says its zeros hold through update `context.step` ({@link
   * MaskedPruner.gradientNeeds}). Before the first hook call: `dense` on a fresh start (no masks
   * yet); after a `restore` the pruner initialises here (the restored weights already carry the
   * masks, so nothing changes) and answers as the run it resumes did.
   */
  weightGradients(context: UpdateContext): WeightGradients {
    if (!this.initialized && this.pending === undefined) return 'dense';
    this.ensureInitialized(context);
    // A backend's kept path zeroes the gradient at the zero weights of every kernel, not only of
    // the masked ones: a kernel left out of `prunable` (a head excluded, with zeros of its own)
    // would stop learning there. Kept only when the masks cover every kernel.
    if (!this.masksCoverKernels(context.parameters)) return 'dense';
    return this.gradientNeeds(context.step);
  }

  private masksCoverKernels(parameters: readonly Parameter[]): boolean {
    if (this.coverage?.parameters !== parameters) {
      const masked = new Set(this.prunableList.map((p) => p.name));
      this.coverage = { parameters, covers: parameters.every((p) => p.variable.rank < 2 || masked.has(p.name)) };
    }
    return this.coverage.covers;
  }

  /**
   * Multiplies the weights by their masks, except where that is provably a no-op: a parameter whose
   * mask was applied and has not changed since, whose gradient was kept (`context.keptGradients`:
   * exactly zero at every zero weight), whose optimiser slots are zero at its pruned weights, under
   * an optimiser that `keepsZeros`, cannot have moved a pruned weight off +0. A 95%-sparse network
   * then skips a pass over every weight per update.
   */
  afterUpdate(context: UpdateContext): void {
    this.ensureInitialized(context);
    this.currentStep = context.step;
    const keptZeros = (name: string): boolean => context.optimizer.keepsZeros === true && context.keptGradients?.has(name) === true;
    const unmoved = this.masksApplied && !this.slotsToClear ? new Set(this.prunableList.filter((p) => keptZeros(p.name) && this.prunedSlotsZero.has(p.name)).map((p) => p.name)) : new Set<string>();
    this.applyMasks(unmoved);
    if (this.slotsToClear) this.clearPrunedSlots(context);
    else for (const name of [...this.prunedSlotsZero]) if (!keptZeros(name)) this.prunedSlotsZero.delete(name);
  }

  metrics(): Record<string, number> {
    const maskUpdates = !this.initialized && this.pending ? this.pending.maskUpdates : this.maskUpdates;
    return { ...sparsityMetrics(this.sparsity()), 'pruning/mask_updates': maskUpdates };
  }

  // ---- Pruner -------------------------------------------------------------------------------

  masks(): ReadonlyMap<string, tf.Tensor> {
    return this.maskTensors;
  }

  /**
   * Measured sparsity of the weights (exact zeros) next to the scheduled targets at the current
   * step. Before the first hook call no parameters are known: every count is 0.
   */
  sparsity(): SparsityReport {
    if (!this.initialized && this.pending?.report) return this.pending.report;
    const targets: SparsityTargets = this.initialized ? this.targets(this.currentStep) : { overall: 0, layers: new Map() };
    return measureSparsity(this.parameterList, this.prunableList, targets);
  }

  state(): MaskedPrunerState {
    // Restored and not yet called: the restored state is still the whole truth (counters included).
    if (!this.initialized && this.pending) return this.pending;
    const masks: Record<string, TensorRecord> = {};
    for (const [name, mask] of this.maskTensors) {
      masks[name] = { shape: [...mask.shape], dtype: 'bool', values: Uint8Array.from(mask.dataSync() as Float32Array) };
    }
    const extra = this.extraState();
    return {
      version: 1,
      name: this.name,
      step: this.currentStep,
      maskUpdates: this.maskUpdates,
      lastMaskUpdateStep: this.lastMaskUpdateStep ?? null,
      masks,
      ...(extra === undefined ? {} : { extra }),
      report: this.sparsity(),
      prunedSlotsZero: [...this.prunedSlotsZero],
    };
  }

  /**
   * Continues from {@link MaskedPruner.state}. Before the first hook call the state is kept and
   * replaces initialisation then (so e.g. a lottery ticket does not reset weights again on resume);
   * afterwards it is applied at once. A state of another pruner or that does not fit the prunable
   * parameters throws a {@link StateError} and changes nothing.
   */
  restore(state: unknown): void {
    const checked = this.validateState(state);
    if (this.initialized) this.applyState(checked);
    // A state taken before the first hook call knows no parameters (a checkpoint during the replay
    // warm-up): restoring it is a fresh start.
    else this.pending = Object.keys(checked.masks).length === 0 && checked.maskUpdates === 0 ? undefined : checked;
  }

  dispose(): void {
    tf.dispose([...this.maskTensors.values()]);
    this.maskTensors.clear();
    this.maskNonzero.clear();
  }

  // ---- For subclasses -----------------------------------------------------------------------

  /** What the pruner reports as scheduled at update `step` (overall and per tensor). */
  protected abstract targets(step: number): SparsityTargets;

  /** Called once, with the selected parameters, before masks exist (resolve schedules, allocate targets). */
  protected prepare(_context: UpdateContext, _prunable: readonly Parameter[]): void {}

  /**
   * The masks to start from when no state was restored; `undefined` (the default) means all ones.
   * May also edit weights (a lottery ticket rewinds them here). The base class owns what is returned.
   */
  protected initialMasks(_context: UpdateContext, _prunable: readonly Parameter[]): Map<string, tf.Tensor> | undefined {
    return undefined;
  }

  /** Runs in `beforeUpdate`, after initialisation: gradual pruners recompute masks here. */
  protected onBeforeUpdate(_context: UpdateContext): void {}

  /**
   * Runs in `transformGradients` (dynamic sparse training updates masks here, where gradients are
   * known). Returns the gradients to use; the base class then masks them if `sparseGradients`.
   */
  protected onGradients(gradients: NamedGradients, _context: UpdateContext): NamedGradients {
    return gradients;
  }

  /**
   * Which weight gradients update `step` needs (see `UpdateHook.weightGradients`): `kept` only if
   * every weight the masks keep after this update is nonzero when its gradient is taken, i.e. no
   * zero weight is regrown or revived at `step`. The default, `dense`, is always safe; subclasses
   * whose masks only shrink, or hold between their update steps, say `kept` there.
   */
  protected gradientNeeds(_step: number): WeightGradients {
    return 'dense';
  }

  /** Extra plain-JSON state of a subclass (saved under `extra`). */
  protected extraState(): unknown {
    return undefined;
  }

  /** Restores {@link MaskedPruner.extraState}; throw a StateError if it does not fit. */
  protected restoreExtra(_extra: unknown): void {}

  /** The selected parameters, in network order (empty before the first hook call). */
  protected get prunable(): readonly Parameter[] {
    return this.prunableList;
  }

  /** Every parameter of the network (empty before the first hook call). */
  protected get parameters(): readonly Parameter[] {
    return this.parameterList;
  }

  /** Chooses the parameters to mask; override to select differently (e.g. by given mask names). */
  protected selectParameters(parameters: readonly Parameter[]): Parameter[] {
    return selectPrunable(parameters, this.selection, `${this.name}.prunable`);
  }

  /** The current mask of `name` (owned by the pruner), if it is prunable. */
  protected maskOf(name: string): tf.Tensor | undefined {
    return this.maskTensors.get(name);
  }

  /**
   * Tells the pruner that weights changed outside the optimiser (a subclass resetting or
   * reinitialising some): the next `afterUpdate` masks every layer again instead of skipping those
   * that kept their zeros.
   */
  protected weightsChanged(): void {
    this.masksApplied = false;
  }

  /** Number of ones in the mask of `name`. */
  protected keptCount(name: string): number {
    return this.maskNonzero.get(name) ?? 0;
  }

  /** Whether the mask of `name` is all ones (then masking it is skipped). */
  protected isDense(name: string): boolean {
    const mask = this.maskTensors.get(name);
    return mask === undefined || this.maskNonzero.get(name) === mask.size;
  }

  /**
   * Installs new masks (taking ownership; the replaced ones are disposed) for the names given, and
   * counts a mask update at the current step. Weights are masked at the next `afterUpdate`.
   */
  protected replaceMasks(masks: ReadonlyMap<string, tf.Tensor>): void {
    this.installMasks(masks);
    this.slotsToClear = true;
    this.maskUpdates += 1;
    this.lastMaskUpdateStep = this.currentStep;
  }

  /**
   * Multiplies every non-dense prunable weight tensor not named in `skip` (those the caller knows
   * to be masked already) by its mask, in place. Adding 0 turns the
   * product's negative zeros (a negative weight times 0) into zeros with all bits clear, so pruned
   * weights are the same +0 whatever their sign was (checkpoints store them as absent).
   */
  protected applyMasks(skip: ReadonlySet<string> = new Set()): void {
    tf.tidy(() => {
      for (const p of this.prunableList) {
        if (this.isDense(p.name) || skip.has(p.name)) continue;
        p.variable.assign(tf.add(tf.mul(p.variable, this.maskTensors.get(p.name)!), 0));
      }
    });
    this.masksApplied = true;
  }

  // ---- Internals ----------------------------------------------------------------------------

  /**
   * Zeroes the optimiser moments of the weights the masks prune, once after new masks. They only
   * move weights the masks set back to zero, so no kept weight changes; and with `kept` weight
   * gradients (no gradient for a zero weight) they then stay exactly zero, which keeps a pruned
   * network's optimiser state as sparse as its weights (checkpoints store zeros compactly).
   */
  private clearPrunedSlots(context: UpdateContext): void {
    this.slotsToClear = false;
    const pruned = this.prunableList.filter((p) => !this.isDense(p.name)).map((p) => ({ parameter: p.name, mask: tf.sub(1, this.maskTensors.get(p.name)!) }));
    try {
      if (pruned.length > 0) resetOptimizerSlots(context.optimizer, pruned, { owner: this.name });
      this.prunedSlotsZero = new Set(this.prunableList.map((p) => p.name));
    } finally {
      tf.dispose(pruned.map((entry) => entry.mask));
    }
  }

  private ensureInitialized(context: UpdateContext): void {
    if (this.initialized) {
      if (context.parameters !== this.parameterList) this.followParameters(context.parameters);
      return;
    }
    const prunable = this.selectParameters(context.parameters);
    this.parameterList = context.parameters;
    this.prunableList = prunable;
    this.prepare(context, prunable);
    if (this.pending) {
      this.initialized = true;
      try {
        this.applyState(this.pending);
      } catch (error) {
        this.initialized = false;
        throw error;
      }
      this.pending = undefined;
    } else {
      const initial = this.initialMasks(context, prunable) ?? new Map<string, tf.Tensor>();
      const masks = new Map<string, tf.Tensor>();
      for (const p of prunable) masks.set(p.name, initial.get(p.name) ?? tf.ones(p.variable.shape, 'float32'));
      this.installMasks(masks);
      this.slotsToClear = true;
      this.initialized = true;
    }
    this.currentStep = context.step;
    this.applyMasks();
  }

  /**
   * Agents may hand a new parameter list (e.g. `network.parameters()` building a fresh array, or a
   * network rebuilt on restore): follow it by name so masks keep applying to the live variables.
   */
  private followParameters(parameters: readonly Parameter[]): void {
    const same = parameters.length === this.parameterList.length && parameters.every((p, i) => p === this.parameterList[i]);
    if (!same) {
      this.masksApplied = false;
      const byName = new Map(parameters.map((p) => [p.name, p]));
      this.prunableList = this.prunableList.map((old) => {
        const p = byName.get(old.name);
        if (!p || p.variable.rank !== old.variable.rank || p.variable.shape.some((d, i) => d !== old.variable.shape[i])) {
          throw new StateError({
            field: `${this.name} parameter ${old.name}`,
            value: p ? p.variable.shape : undefined,
            expected: `a parameter of shape [${old.variable.shape.join(', ')}] (the network changed under the pruner)`,
          });
        }
        return p;
      });
    }
    this.parameterList = parameters;
  }

  private installMasks(masks: ReadonlyMap<string, tf.Tensor>): void {
    const entries = [...masks];
    if (entries.length === 0) return;
    this.masksApplied = false;
    const counts = tf.tidy(() => tf.stack(entries.map(([, m]) => tf.sum(m))).dataSync());
    entries.forEach(([name, mask], i) => {
      const old = this.maskTensors.get(name);
      if (old && old !== mask) old.dispose();
      this.maskTensors.set(name, mask);
      this.maskNonzero.set(name, Math.round(counts[i] as number));
    });
  }

  private validateState(state: unknown): MaskedPrunerState {
    const s = state as Partial<MaskedPrunerState> | null;
    const ok =
      s !== null &&
      typeof s === 'object' &&
      s.version === 1 &&
      typeof s.name === 'string' &&
      Number.isSafeInteger(s.step) &&
      Number.isSafeInteger(s.maskUpdates) &&
      (s.lastMaskUpdateStep === null || Number.isSafeInteger(s.lastMaskUpdateStep)) &&
      typeof s.masks === 'object' &&
      s.masks !== null &&
      (s.report === undefined || (typeof s.report === 'object' && s.report !== null && typeof s.report.overall === 'number' && Array.isArray(s.report.layers))) &&
      (s.prunedSlotsZero === undefined || (Array.isArray(s.prunedSlotsZero) && s.prunedSlotsZero.every((name) => typeof name === 'string')));
    if (!ok) throw new StateError({ field: `${this.name}.restore(state)`, value: state, expected: 'an object produced by state() of this pruner' });
    if (s.name !== this.name) {
      throw new StateError({ field: `${this.name}.restore(state).name`, value: s.name, expected: `the state of a "${this.name}" pruner` });
    }
    for (const [name, record] of Object.entries(s.masks!)) {
      const size = Array.isArray(record?.shape) ? record.shape.reduce((a, b) => a * b, 1) : -1;
      if (!record || !(record.values instanceof Uint8Array || record.values instanceof Float32Array) || record.values.length !== size) {
        throw new StateError({ field: `${this.name}.restore(state).masks.${name}`, value: record, expected: 'a mask record whose values fill its shape' });
      }
    }
    return s as MaskedPrunerState;
  }

  private applyState(state: MaskedPrunerState): void {
    const names = new Set(this.prunableList.map((p) => p.name));
    const given = Object.keys(state.masks);
    const missing = [...names].filter((n) => !(n in state.masks));
    const extra = given.filter((n) => !names.has(n));
    if (missing.length > 0 || extra.length > 0) {
      throw new StateError({
        field: `${this.name}.restore(state).masks`,
        value: given,
        expected: `masks for exactly the prunable parameters (${[...names].join(', ')})`,
      });
    }
    for (const p of this.prunableList) {
      const shape = state.masks[p.name]!.shape;
      if (shape.length !== p.variable.rank || shape.some((d, i) => d !== p.variable.shape[i])) {
        throw new StateError({ field: `${this.name}.restore(state).masks.${p.name}.shape`, value: shape, expected: `[${p.variable.shape.join(', ')}]` });
      }
    }
    this.restoreExtra(state.extra);
    const masks = new Map<string, tf.Tensor>();
    for (const p of this.prunableList) {
      const record = state.masks[p.name]!;
      masks.set(p.name, tf.tensor(Float32Array.from(record.values, (v) => (v === 0 ? 0 : 1)), p.variable.shape, 'float32'));
    }
    this.installMasks(masks);
    this.currentStep = state.step;
    this.maskUpdates = state.maskUpdates;
    this.lastMaskUpdateStep = state.lastMaskUpdateStep ?? undefined;
    this.prunedSlotsZero = new Set((state.prunedSlotsZero ?? []).filter((name) => names.has(name)));
  }
}
