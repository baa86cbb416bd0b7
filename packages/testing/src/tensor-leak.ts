import { memory } from '@tensorflow/tfjs-core';

/** Thrown by {@link expectNoTensorLeak}; the message says how many tensors were left behind. */
export class TensorLeakError extends Error {
  constructor(
    readonly leaked: number,
    readonly label: string,
  ) {
    super(`${label} leaked ${leaked} tensor${leaked === 1 ? '' : 's'} (tf.memory().numTensors grew by ${leaked}).`);
    this.name = 'TensorLeakError';
  }
}

/** Options of {@link expectNoTensorLeak}. */
export interface TensorLeakOptions {
  /** Names the code under test in the error message. */
  readonly label?: string;
  /**
   * Tensors the code is allowed to keep (e.g. an optimiser creating its moments on the first call).
   * Default 0.
   */
  readonly allowed?: number;
}

/**
 * Runs `fn` (sync or async) and throws a {@link TensorLeakError} if `tf.memory().numTensors` is
 * higher afterwards. Leaks are the classic tfjs RL bug: a few tensors per step exhaust memory and
 * make later wasm ops dramatically slower. Works with any test runner: it throws, it does not
 * call `expect`. Returns what `fn` returned.
 *
 * @example
 * ```ts
 * await expectNoTensorLeak(() => agent.observe(transition), { label: 'DQNAgent.observe' });
 * ```
 */
export async function expectNoTensorLeak<T>(fn: () => T | Promise<T>, options: TensorLeakOptions = {}): Promise<T> {
  const before = memory().numTensors;
  const result = await fn();
  const leaked = memory().numTensors - before - (options.allowed ?? 0);
  if (leaked > 0) throw new TensorLeakError(leaked, options.label ?? 'the function');
  return result;
}

/** Synchronous twin of {@link expectNoTensorLeak}, for code that must not await. */
export function expectNoTensorLeakSync<T>(fn: () => T, options: TensorLeakOptions = {}): T {
  const before = memory().numTensors;
  const result = fn();
  const leaked = memory().numTensors - before - (options.allowed ?? 0);
  if (leaked > 0) throw new TensorLeakError(leaked, options.label ?? 'the function');
  return result;
}
