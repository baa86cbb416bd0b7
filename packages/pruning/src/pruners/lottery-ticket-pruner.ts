import { checkKnownKeys, ConfigError, ShapeError, type NamedTensorRecords, type Parameter, type UpdateContext, type WeightGradients } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { SparsityTargets } from '../reporting/measure-sparsity';
import { MaskedPruner } from './masked-pruner';

/** Tensors by name, as live tensors or as records (e.g. from a checkpoint). */
export type TensorSource = ReadonlyMap<string, tf.Tensor> | NamedTensorRecords;

/** Options of {@link LotteryTicketPruner}. */
export interface LotteryTicketPrunerOptions {
  /** The final masks of a pruning run (e.g. `pruner.masks()` or `pruner.state().masks`); 0 prunes. */
  readonly masks: TensorSource;
  /**
   * The original initial weights (every parameter to rewind, biases included), e.g. captured with
   * {@link captureWeights} before training. Omit when the network was just rebuilt from the same
   * initialisation seed.
   */
  readonly initialWeights?: TensorSource;
  /** Mask gradients. Default `true`. */
  readonly sparseGradients?: boolean;
  /** Default `lottery-ticket`. */
  readonly name?: string;
}

interface HostTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

function toHost(source: TensorSource, field: string): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  const entries: [string, unknown][] = source instanceof Map ? [...source] : Object.entries(source);
  for (const [name, value] of entries) {
    if (value instanceof tf.Tensor) {
      out.set(name, { shape: [...value.shape], values: Float32Array.from(value.dataSync() as ArrayLike<number>) });
    } else {
      const record = value as { shape?: unknown; values?: unknown };
      const shape = record?.shape;
      const values = record?.values;
      const ok = values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array;
      if (!Array.isArray(shape) || !ok || values.length !== shape.reduce((a: number, b: number) => a * b, 1)) {
        throw new ConfigError({ field: `${field}.${name}`, value, expected: 'a tensor or a record whose values fill its shape' });
      }
      out.set(name, { shape: [...shape], values: Float32Array.from(values) });
    }
  }
  return out;
}

/**
 * Copies the current values of `parameters` to records, e.g. right after building a network, to
 * rewind to later with a {@link LotteryTicketPruner}.
 */
export function captureWeights(parameters: readonly Parameter[]): NamedTensorRecords {
  const out: NamedTensorRecords = {};
  for (const p of parameters) out[p.name] = { shape: [...p.variable.shape], dtype: 'float32', values: Float32Array.from(p.variable.dataSync() as Float32Array) };
  return out;
}

/**
 * The lottery-ticket baseline (Frankle & Carbin 2018; the paper's Figure 13): train again from the
 * original initial weights with the final mask of a pruning run fixed from the start. On first use
 * it rewinds the given parameters to `initialWeights`, then masks them; the mask never changes.
 * The prunable parameters are exactly those named in `masks`. After a `restore` (resuming a run)
 * the weights are not rewound again.
 */
export class LotteryTicketPruner extends MaskedPruner {
  private readonly givenMasks: Map<string, HostTensor>;
  private readonly initialWeights: Map<string, HostTensor> | undefined;
  private readonly layerTargets = new Map<string, number>();
  private overallTarget = 0;

  constructor(options: LotteryTicketPrunerOptions) {
    const name = options.name ?? 'lottery-ticket';
    checkKnownKeys(`${name} options`, options, ['masks', 'initialWeights', 'sparseGradients', 'name']);
    if (options.masks === undefined || options.masks === null) {
      throw new ConfigError({ field: `${name}.masks`, value: options.masks, expected: 'the final masks of a pruning run' });
    }
    super({ name, sparseGradients: options.sparseGradients ?? true });
    this.givenMasks = toHost(options.masks, `${name}.masks`);
    if (this.givenMasks.size === 0) throw new ConfigError({ field: `${name}.masks`, value: {}, expected: 'at least one mask' });
    this.initialWeights = options.initialWeights === undefined ? undefined : toHost(options.initialWeights, `${name}.initialWeights`);
    let kept = 0;
    let size = 0;
    for (const [maskName, mask] of this.givenMasks) {
      let ones = 0;
      for (const v of mask.values) if (v !== 0) ones++;
      this.layerTargets.set(maskName, 1 - ones / mask.values.length);
      kept += ones;
      size += mask.values.length;
    }
    this.overallTarget = size === 0 ? 0 : 1 - kept / size;
  }

  protected override selectParameters(parameters: readonly Parameter[]): Parameter[] {
    const byName = new Map(parameters.map((p) => [p.name, p]));
    for (const name of this.givenMasks.keys()) {
      if (!byName.has(name)) {
        throw new ConfigError({ field: `${this.name}.masks`, value: name, expected: `names of parameters of this network (${[...byName.keys()].join(', ')})` });
      }
    }
    return parameters.filter((p) => this.givenMasks.has(p.name));
  }

  protected override initialMasks(_context: UpdateContext, prunable: readonly Parameter[]): Map<string, tf.Tensor> {
    const check = (p: Parameter, shape: readonly number[], what: string): void => {
      if (shape.length !== p.variable.rank || shape.some((d, i) => d !== p.variable.shape[i])) {
        throw new ShapeError({ field: `${this.name}.${what}.${p.name}`, value: shape, expected: `shape [${p.variable.shape.join(', ')}]` });
      }
    };
    for (const p of prunable) check(p, this.givenMasks.get(p.name)!.shape, 'masks');
    if (this.initialWeights) {
      const byName = new Map(this.parameters.map((p) => [p.name, p]));
      for (const [name, weights] of this.initialWeights) {
        const p = byName.get(name);
        if (!p) throw new ConfigError({ field: `${this.name}.initialWeights`, value: name, expected: `names of parameters of this network (${[...byName.keys()].join(', ')})` });
        check(p, weights.shape, 'initialWeights');
      }
      for (const [name, weights] of this.initialWeights) {
        const p = byName.get(name)!;
        tf.tidy(() => p.variable.assign(tf.tensor(weights.values, p.variable.shape, p.variable.dtype)));
      }
    }
    return new Map(prunable.map((p) => [p.name, tf.tensor(Float32Array.from(this.givenMasks.get(p.name)!.values, (v) => (v === 0 ? 0 : 1)), p.variable.shape, 'float32')]));
  }

  /** `kept`: the mask is set once, at the first update, and never changes. */
  protected override gradientNeeds(): WeightGradients {
    return 'kept';
  }

  protected override targets(): SparsityTargets {
    return { overall: this.overallTarget, layers: this.layerTargets };
  }
}
