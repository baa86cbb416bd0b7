import type { NamedGradients, UpdateContext, UpdateHook } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** One call a {@link RecordingUpdateHook} saw. */
export interface HookCall {
  readonly hook: string;
  readonly method: 'beforeUpdate' | 'transformGradients' | 'afterUpdate';
  readonly step: number;
  readonly trainingFraction: number | undefined;
  readonly totalUpdates: number | undefined;
  /** Whether `context.batch` and `context.observations` were given. */
  readonly hadBatch: boolean;
}

/**
 * An {@link UpdateHook} that records every call (into a log that several hooks can share, so tests
 * can check the order across hooks) and optionally scales gradients, to check that agents use what
 * `transformGradients` returns. Its state is the number of calls it saw.
 */
export class RecordingUpdateHook implements UpdateHook {
  private calls = 0;

  constructor(
    readonly name: string,
    readonly log: HookCall[] = [],
    private readonly gradientScale?: number,
  ) {}

  beforeUpdate(context: UpdateContext): void {
    this.record('beforeUpdate', context);
  }

  transformGradients(gradients: NamedGradients, context: UpdateContext): NamedGradients {
    this.record('transformGradients', context);
    if (this.gradientScale === undefined) return gradients;
    const scale = this.gradientScale;
    // New tensors: the agent disposes the ones it passed in.
    return new Map([...gradients].map(([name, g]) => [name, tf.mul(g, scale)]));
  }

  afterUpdate(context: UpdateContext): void {
    this.record('afterUpdate', context);
  }

  metrics(): Record<string, number> {
    return { calls: this.calls };
  }

  state(): unknown {
    return { calls: this.calls };
  }

  restore(state: unknown): void {
    this.calls = (state as { calls: number }).calls;
  }

  private record(method: HookCall['method'], context: UpdateContext): void {
    this.calls += 1;
    this.log.push({
      hook: this.name,
      method,
      step: context.step,
      trainingFraction: context.trainingFraction,
      totalUpdates: context.totalUpdates,
      hadBatch: context.batch !== undefined && context.observations !== undefined,
    });
  }
}
