import type { MetricRecord, MetricSink, QNetwork, UpdateContext, UpdateHook } from '@prunerl/core';
import { checkKnownKeys, checkPositiveInteger, ConfigError } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import { batchObservations } from './batch-observations';
import { tdGradientCovariance, tdTargets, type GradientCovariance } from './gradient-covariance';
import { diagnosticsRecords, networkDiagnostics, type NetworkDiagnostics } from './network-diagnostics';

/** Options of {@link DiagnosticsProbe}. */
export interface DiagnosticsProbeOptions {
  /** Probe every `every` gradient updates (after updates every, 2 every, ...). Default 1,000. */
  readonly every?: number;
  /** Where records go. Default none (read them with `metrics()` or `lastRecords`). */
  readonly sinks?: readonly MetricSink[];
  /**
   * The probe batch: a fixed tensor (e.g. 256 replay states, as Sokar et al. use; owned by the
   * caller), or a function of the update context returning one (owned by the caller too). Default:
   * the update's own observations (`context.observations`, else built from `context.batch`).
   */
  readonly observations?: tf.Tensor | ((context: UpdateContext) => tf.Tensor | undefined);
  /** Dormant thresholds. Default `[0.1, 0]`. */
  readonly dormantThresholds?: readonly number[];
  /** SRank delta. Default 0.01. */
  readonly srankDelta?: number;
  /** SRank feature layer. Default the last activation layer. */
  readonly srankLayer?: string;
  /**
   * Also compute the gradient covariance of the squared TD error of the first `k` samples of the
   * update's batch every `every` updates (a multiple of the probe period is sensible). Default off:
   * it costs k backward passes.
   */
  readonly gradientCovariance?: { readonly every: number; readonly k?: number };
  /** Network for the TD targets of the gradient covariance. Default: the online network itself. */
  readonly bootstrapNetwork?: QNetwork;
  /** Masks for the gradient covariance (e.g. `() => pruner.masks()`). */
  readonly masks?: () => ReadonlyMap<string, tf.Tensor>;
  /** The x value of the records. Default the update count; map it to environment steps if you log those. */
  readonly stepOf?: (context: UpdateContext) => number;
  /** Tags added to every record (e.g. `{ seed: 3 }`). The update count is always tagged `updates`. */
  readonly tags?: Readonly<Record<string, string | number>>;
  /** Write per-layer dormant fractions and per-parameter sparsities too. Default true. */
  readonly perLayer?: boolean;
}

const KNOWN = [
  'every', 'sinks', 'observations', 'dormantThresholds', 'srankDelta', 'srankLayer', 'gradientCovariance',
  'bootstrapNetwork', 'masks', 'stepOf', 'tags', 'perLayer',
] as const;

/**
 * An {@link UpdateHook} that measures the paper's network diagnostics (dormant neurons, SRank,
 * parameter norm, Q norm and variance, sparsity; optionally gradient covariance) every N gradient
 * updates and writes them to {@link MetricSink}s, under the names of {@link DIAGNOSTIC_METRICS}.
 * Attach it to any agent like a pruner; it never changes the network.
 *
 * @example
 * ```ts
 * const probe = new DiagnosticsProbe({ every: 1000, sinks: [jsonlSink], observations: probeBatch });
 * const agent = new DQNAgent({ ..., hooks: [pruner, probe] });
 * ```
 */
export class DiagnosticsProbe implements UpdateHook {
  readonly name = 'diagnostics';
  private readonly every: number;
  private readonly options: DiagnosticsProbeOptions;
  private latest: Record<string, number> = {};
  private records: readonly MetricRecord[] = [];
  private lastDiagnostics: NetworkDiagnostics | undefined;
  private lastCovariance: GradientCovariance | undefined;

  constructor(options: DiagnosticsProbeOptions = {}) {
    checkKnownKeys('DiagnosticsProbe options', options, KNOWN);
    this.every = options.every === undefined ? 1000 : checkPositiveInteger('DiagnosticsProbe options.every', options.every);
    if (options.gradientCovariance !== undefined) {
      checkPositiveInteger('DiagnosticsProbe options.gradientCovariance.every', options.gradientCovariance.every);
      if (options.gradientCovariance.k !== undefined) checkPositiveInteger('DiagnosticsProbe options.gradientCovariance.k', options.gradientCovariance.k);
    }
    if (options.sinks !== undefined && (!Array.isArray(options.sinks as unknown) || options.sinks.some((s) => typeof s?.write !== 'function'))) {
      throw new ConfigError({ field: 'DiagnosticsProbe options.sinks', value: options.sinks, expected: 'an array of MetricSinks (objects with write(record))' });
    }
    this.options = options;
  }

  /** Probes when `context.step` is a multiple of `every`. */
  afterUpdate(context: UpdateContext): void {
    const probeNow = context.step % this.every === 0;
    const covariance = this.options.gradientCovariance;
    const covarianceNow = covariance !== undefined && context.step % covariance.every === 0;
    if (!probeNow && !covarianceNow) return;
    const { tensor, owned } = this.probeObservations(context);
    try {
      const diagnostics = networkDiagnostics(context.network, tensor, {
        ...(this.options.dormantThresholds ? { dormantThresholds: this.options.dormantThresholds } : {}),
        ...(this.options.srankDelta !== undefined ? { srankDelta: this.options.srankDelta } : {}),
        ...(this.options.srankLayer !== undefined ? { srankLayer: this.options.srankLayer } : {}),
      });
      const matrix = covarianceNow ? this.covariance(context, covariance.k ?? 32) : undefined;
      this.lastDiagnostics = diagnostics;
      if (matrix) this.lastCovariance = matrix;
      const step = this.options.stepOf ? this.options.stepOf(context) : context.step;
      this.records = diagnosticsRecords(diagnostics, { step, tags: { ...this.options.tags, updates: context.step }, perLayer: this.options.perLayer ?? true }, matrix);
      this.latest = {};
      for (const record of this.records) if (typeof record.value === 'number') this.latest[record.name] = record.value;
      for (const sink of this.options.sinks ?? []) for (const record of this.records) sink.write(record);
    } finally {
      if (owned) tensor.dispose();
    }
  }

  /** The scalars of the last probe, by metric name. */
  metrics(): Record<string, number> {
    return { ...this.latest };
  }

  /** The records of the last probe. */
  get lastRecords(): readonly MetricRecord[] {
    return this.records;
  }

  /** The full diagnostics of the last probe (singular values, per-layer details). */
  get last(): NetworkDiagnostics | undefined {
    return this.lastDiagnostics;
  }

  /** The last gradient covariance, if one was computed. */
  get lastGradientCovariance(): GradientCovariance | undefined {
    return this.lastCovariance;
  }

  private probeObservations(context: UpdateContext): { tensor: tf.Tensor; owned: boolean } {
    const given = this.options.observations;
    const fromOption = typeof given === 'function' ? given(context) : given;
    if (fromOption) return { tensor: fromOption, owned: false };
    if (context.observations) return { tensor: context.observations, owned: false };
    if (context.batch) return { tensor: batchObservations(context.batch), owned: true };
    throw new ConfigError({
      field: 'DiagnosticsProbe options.observations',
      value: undefined,
      expected: 'a probe batch, since the update context carries neither observations nor a batch',
    });
  }

  private covariance(context: UpdateContext, k: number): GradientCovariance {
    const batch = context.batch;
    if (!batch) {
      throw new ConfigError({ field: 'DiagnosticsProbe options.gradientCovariance', value: this.options.gradientCovariance, expected: 'updates whose context carries the replay batch (for the TD loss)' });
    }
    const targets = tdTargets(this.options.bootstrapNetwork ?? context.network, batch);
    const observations = batchObservations(batch);
    try {
      return tdGradientCovariance(
        context.network,
        { observations, actions: batch.actions, targets },
        Math.min(k, batch.batchSize),
        this.options.masks ? { masks: this.options.masks() } : {},
      );
    } finally {
      observations.dispose();
    }
  }
}


