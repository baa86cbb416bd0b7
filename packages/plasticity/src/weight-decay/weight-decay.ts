import {
  checkKnownKeys,
  checkNumber,
  checkOneOf,
  ConfigError,
  type NamedGradients,
  type Optimizer,
  type Parameter,
  type UpdateContext,
  type UpdateHook,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * How the decay enters the update:
 * - `gradient`: g <- g + wd·w before the optimiser, exactly Dopamine's `RecycledDQNAgent`
 *   (`optax.chain(optax.add_decayed_weights(wd), adam)`). With Adam the decay term goes through the
 *   moments and the per-weight scaling like an L2 penalty's gradient (it is not AdamW);
 * - `decoupled`: w <- w - lr·wd·w beside the optimiser's step (AdamW, Loshchilov & Hutter 2019; the
 *   order of PyTorch's AdamW: decay, then the step at the gradients of the undecayed weights).
 */
export type WeightDecayMode = 'gradient' | 'decoupled';

/** Options of {@link WeightDecay}. */
export interface WeightDecayOptions {
  /** The coefficient wd. Default 1e-5 (the best of the paper's sweep, Figure 27). */
  readonly weightDecay?: number;
  /** Default `gradient` (the reference chain). */
  readonly mode?: WeightDecayMode;
  /**
   * `decoupled` only: the lr of w <- w - lr·wd·w. Default the optimiser's `learningRate` property
   * (prunerl's Adam and RMSProp have one).
   */
  readonly learningRate?: number;
  /** Parameter roles to decay. Default: every parameter (optax's `add_decayed_weights` without a mask). */
  readonly roles?: readonly string[];
  /** Hook name in logs. Default `weight-decay`. */
  readonly name?: string;
}

const KEYS = ['weightDecay', 'mode', 'learningRate', 'roles', 'name'] as const;

/**
 * Weight decay as an update hook, so it stacks with any agent, optimiser and pruner. Only
 * parameters that have a gradient in this update are decayed: an update a pruner skips (RigL on its
 * mask-update steps returns no gradients) decays nothing, as in optax where the whole chain is
 * skipped. List it before a pruner (as the runner does): a pruner with sparse gradients then masks the
 * decayed gradients too.
 *
 * With zero gradients and plain SGD both modes shrink every weight by the factor (1 - lr·wd) per
 * update; with Adam in `gradient` mode the step is lr·m̂/(sqrt(v̂) + eps) of the decay term, so a
 * weight shrinks by about lr·wd·|w|/eps per update while wd·|w| << eps, and by about lr when wd·|w| >> eps.
 *
 * @example
 * ```ts
 * const hooks = [new WeightDecay({ weightDecay: 1e-5 }), new GradualMagnitudePruner({ sparsity: 0.95 })];
 * ```
 */
export class WeightDecay implements UpdateHook {
  readonly name: string;
  readonly weightDecay: number;
  readonly mode: WeightDecayMode;
  private readonly learningRate: number | undefined;
  private readonly roles: ReadonlySet<string> | undefined;
  private selected: { from: readonly Parameter[]; byName: Map<string, Parameter> } | undefined;

  constructor(options: WeightDecayOptions = {}) {
    const name = options.name ?? 'weight-decay';
    checkKnownKeys(`${name} options`, options, KEYS);
    this.name = name;
    this.weightDecay = checkNumber(`${name}.weightDecay`, options.weightDecay ?? 1e-5, { min: 0 });
    this.mode = checkOneOf(`${name}.mode`, options.mode ?? 'gradient', ['gradient', 'decoupled'] as const);
    if (options.learningRate !== undefined) {
      if (this.mode !== 'decoupled') throw new ConfigError({ field: `${name}.learningRate`, value: options.learningRate, expected: 'nothing unless mode is "decoupled"' });
      this.learningRate = checkNumber(`${name}.learningRate`, options.learningRate, { min: 0, minExclusive: true });
    }
    if (options.roles !== undefined) {
      if (!Array.isArray(options.roles) || options.roles.length === 0 || !options.roles.every((r) => typeof r === 'string')) {
        throw new ConfigError({ field: `${name}.roles`, value: options.roles, expected: 'a non-empty list of parameter roles (kernel, bias, ...)' });
      }
      this.roles = new Set(options.roles);
    }
  }

  transformGradients(gradients: NamedGradients, context: UpdateContext): NamedGradients {
    if (this.weightDecay === 0 || gradients.size === 0) return gradients;
    const byName = this.selectedParameters(context.parameters);
    if (this.mode === 'decoupled') {
      const factor = this.shrinkFactor(context.optimizer);
      tf.tidy(() => {
        const shrink = tf.scalar(factor);
        for (const name of gradients.keys()) {
          const p = byName.get(name);
          if (p) p.variable.assign(tf.mul(p.variable, shrink));
        }
      });
      return gradients;
    }
    // New tensors for the decayed entries (one tidy scope: per-call overhead dominates small
    // networks); the agent disposes the ones it passed in.
    const out: NamedGradients = new Map();
    tf.tidy(() => {
      const wd = tf.scalar(this.weightDecay);
      for (const [name, g] of gradients) {
        const p = byName.get(name);
        out.set(name, p ? tf.keep(tf.add(g, tf.mul(p.variable, wd))) : g);
      }
    });
    return out;
  }

  afterUpdate(): void {}

  private selectedParameters(parameters: readonly Parameter[]): Map<string, Parameter> {
    if (this.selected?.from !== parameters) {
      const chosen = parameters.filter((p) => this.roles === undefined || this.roles.has(p.role));
      this.selected = { from: parameters, byName: new Map(chosen.map((p) => [p.name, p])) };
    }
    return this.selected.byName;
  }

  /** 1 - lr·wd, the factor of decoupled decay. */
  private shrinkFactor(optimizer: Optimizer): number {
    const lr = this.learningRate ?? (optimizer as unknown as { learningRate?: unknown }).learningRate;
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
      throw new ConfigError({
        field: `${this.name}.learningRate`,
        value: lr,
        expected: 'a learning rate > 0 for decoupled decay (give learningRate, or use an optimiser with a learningRate property)',
      });
    }
    return 1 - lr * this.weightDecay;
  }
}
