import { ConformanceError } from '../conformance/test-api';

/** One draw a {@link ScriptedRandomSource} handed out. */
export interface ScriptedDraw {
  readonly kind: 'random' | 'randint';
  /** Bounds of a `randint` draw. */
  readonly low?: number;
  readonly high?: number;
  readonly value: number;
}

/**
 * What a scripted draw is computed from when the script is a function: the kind of call, its
 * bounds and its index among all draws so far.
 */
export interface ScriptedCall {
  readonly kind: 'random' | 'randint';
  readonly low: number;
  readonly high: number;
  readonly index: number;
}

/**
 * A fake random source (`{ random(), randint(low, high) }`, the shape `@prunerl/environments`
 * injects) that hands out scripted values in order and records every call, so a test can dictate
 * an environment's draws and check their order and kinds. A value that does not fit the call
 * (`random()` outside [0, 1), `randint` outside [low, high)) or running out of values throws a
 * {@link ConformanceError}: the environment drew in an order the script did not expect.
 *
 * @example
 * ```ts
 * const random = new ScriptedRandomSource([0.2, 0.9, 3]); // random(), random(), randint
 * const env = new MinAtarEnv('asterix', { random });
 * ```
 */
export class ScriptedRandomSource {
  /** Every draw so far, in order. */
  readonly draws: ScriptedDraw[] = [];
  private readonly script: readonly number[] | ((call: ScriptedCall) => number);
  private next = 0;

  constructor(script: readonly number[] | ((call: ScriptedCall) => number)) {
    this.script = typeof script === 'function' ? script : [...script];
  }

  /** Scripted values not drawn yet (0 for a function script). */
  get remaining(): number {
    return typeof this.script === 'function' ? 0 : this.script.length - this.next;
  }

  random(): number {
    const value = this.take({ kind: 'random', low: 0, high: 1, index: this.draws.length });
    if (!(value >= 0 && value < 1)) throw new ConformanceError(`draw ${this.draws.length}: random() was scripted ${value}, outside [0, 1)`);
    this.draws.push({ kind: 'random', value });
    return value;
  }

  randint(low: number, high: number): number {
    const value = this.take({ kind: 'randint', low, high, index: this.draws.length });
    if (!Number.isInteger(value) || value < low || value >= high) {
      throw new ConformanceError(`draw ${this.draws.length}: randint(${low}, ${high}) was scripted ${value}, outside the range`);
    }
    this.draws.push({ kind: 'randint', low, high, value });
    return value;
  }

  private take(call: ScriptedCall): number {
    if (typeof this.script === 'function') return this.script(call);
    if (this.next >= this.script.length) {
      throw new ConformanceError(`draw ${call.index}: ${call.kind === 'random' ? 'random()' : `randint(${call.low}, ${call.high})`} was called after the script ran out`);
    }
    return this.script[this.next++]!;
  }
}
