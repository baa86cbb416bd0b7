import {
  Box,
  checkBoolean,
  checkNumber,
  ConfigError,
  isBox,
  StateError,
  type Action,
  type Environment,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from '@prunerl/core';
import { Wrapper } from './wrapper';

/** What {@link NormalizeObservation.statistics} returns: Gymnasium's `RunningMeanStd` fields. */
export interface ObservationStatistics {
  /** Running mean per observation entry (float32 values). */
  readonly mean: readonly number[];
  /** Running variance per entry (float32 values). */
  readonly var: readonly number[];
  /** Observations counted so far, plus the initial `1e-4`. */
  readonly count: number;
}

/** Options of {@link NormalizeObservation}. */
export interface NormalizeObservationOptions {
  /** Added to the variance under the square root. Default 1e-8 (Gymnasium's). */
  readonly epsilon?: number;
  /** Update the statistics with every observation (training); false freezes them (evaluation). Default true. */
  readonly updateRunningMean?: boolean;
}

const f32 = Math.fround;
/** `RunningMeanStd`'s initial count (its `epsilon`), so the first update does not divide by zero. */
const INITIAL_COUNT = 1e-4;

/**
 * Gymnasium 1.x's `NormalizeObservation` (the PPO anchors normalise observations this way): each
 * observation (of `reset` and `step`) first updates running statistics, then is returned as
 * `float32((obs - mean) / sqrt(var + epsilon))`, observation space `Box(-inf, inf)`.
 *
 * The statistics are `RunningMeanStd` with float32 mean and variance (NormalizeObservation passes
 * the float32 observation dtype), count starting at 1e-4, and the parallel-moments update of one
 * sample (batch mean = the observation, batch variance 0):
 * `delta = x - mean`, `tot = count + 1`, `mean += delta / tot`,
 * `var = (var * count + delta^2 * count / tot) / tot`, `count = tot`, each step in float32 as numpy
 * computes float32 arrays with Python floats.
 *
 * Unlike other wrappers it keeps state across episodes: save {@link NormalizeObservation.statistics}
 * with a checkpoint and put it back with {@link NormalizeObservation.restoreStatistics}; an
 * evaluation copy takes the training statistics the same way, with `updateRunningMean: false`.
 */
export class NormalizeObservation<Act extends Action = number> extends Wrapper<Float32Array, Float32Array, Act> {
  readonly observationSpace: Box<'float32'>;
  readonly epsilon: number;
  /** Whether observations update the statistics (Gymnasium's `update_running_mean`). */
  updateRunningMean: boolean;
  private mean: Float32Array;
  private variance: Float32Array;
  private count = INITIAL_COUNT;

  constructor(env: Environment<Float32Array, Act>, options: NormalizeObservationOptions = {}) {
    super(env);
    const inner = env.observationSpace;
    if (!isBox(inner) || inner.dtype !== 'float32') {
      throw new ConfigError({ field: 'NormalizeObservation env.observationSpace', value: inner.toJSON(), expected: 'a float32 Box space' });
    }
    this.epsilon = checkNumber('NormalizeObservation epsilon', options.epsilon ?? 1e-8, { min: 0 });
    this.updateRunningMean = checkBoolean('NormalizeObservation updateRunningMean', options.updateRunningMean ?? true);
    this.observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [...inner.shape], dtype: 'float32' });
    this.mean = new Float32Array(inner.size);
    this.variance = new Float32Array(inner.size).fill(1);
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const { observation, info } = this.env.reset(options);
    return { observation: this.normalize(observation), info };
  }

  step(action: Act): StepResult<Float32Array> {
    const result = this.env.step(action);
    return { ...result, observation: this.normalize(result.observation) };
  }

  /** A copy of the running statistics (plain JSON, for checkpoints). */
  statistics(): ObservationStatistics {
    return { mean: Array.from(this.mean), var: Array.from(this.variance), count: this.count };
  }

  /**
   * Replaces the running statistics with {@link NormalizeObservation.statistics} output. A value
   * of the wrong size, or with a negative variance or count, throws a `StateError` naming the field
   * and changes nothing.
   */
  restoreStatistics(state: ObservationStatistics): void {
    const n = this.mean.length;
    const vector = (field: 'mean' | 'var', min: number): Float32Array => {
      const values = (state as Partial<ObservationStatistics> | null)?.[field];
      if (!Array.isArray(values) || values.length !== n || !values.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= min)) {
        throw new StateError({ field: `NormalizeObservation statistics.${field}`, value: values, expected: `${n} finite numbers${min === 0 ? ' >= 0' : ''}` });
      }
      return Float32Array.from(values);
    };
    const mean = vector('mean', -Infinity);
    const variance = vector('var', 0);
    const count = state.count;
    if (typeof count !== 'number' || !Number.isFinite(count) || count <= 0) {
      throw new StateError({ field: 'NormalizeObservation statistics.count', value: count, expected: 'a finite number > 0' });
    }
    this.mean = mean;
    this.variance = variance;
    this.count = count;
  }

  private normalize(observation: Float32Array): Float32Array {
    if (this.updateRunningMean) this.update(observation);
    const out = new Float32Array(observation.length);
    const epsilon = f32(this.epsilon);
    for (let i = 0; i < out.length; i++) out[i] = f32(observation[i]! - this.mean[i]!) / f32(Math.sqrt(f32(this.variance[i]! + epsilon)));
    return out;
  }

  /** `RunningMeanStd.update` with one observation (see the class comment). */
  private update(x: Float32Array): void {
    const count = this.count;
    const total = count + 1;
    const count32 = f32(count);
    const total32 = f32(total);
    for (let i = 0; i < x.length; i++) {
      const delta = f32(x[i]! - this.mean[i]!);
      this.mean[i] = f32(this.mean[i]! + f32(delta / total32));
      const m2 = f32(f32(this.variance[i]! * count32) + f32(f32(f32(delta * delta) * count32) / total32));
      this.variance[i] = f32(m2 / total32);
    }
    this.count = total;
  }
}
