/**
 * The test-runner surface conformance suites use: the `describe`/`it` globals that jest, vitest and
 * mocha all provide. Suites declare their checks with these and fail by throwing
 * {@link ConformanceError}, so a plugin author can run them under any of those runners.
 */
type Body = () => void | Promise<void>;

interface TestGlobals {
  describe(name: string, body: () => void): void;
  it(name: string, body: Body, timeout?: number): void;
}

/** The runner's `describe`/`it`, looked up when a suite is declared (inside a test file). */
export function testGlobals(): TestGlobals {
  const g = globalThis as unknown as Partial<TestGlobals>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function') {
    throw new Error('Conformance suites must be called from a test file of jest, vitest or mocha (describe/it are missing).');
  }
  return g as TestGlobals;
}

/** A conformance check that failed; the message names the check and what was seen. */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** Throws a {@link ConformanceError} with `message` unless `condition` holds. */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new ConformanceError(typeof message === 'function' ? message() : message);
}

/** Throws unless `fn` throws an error that is an instance of `type` (checked by name, so copies of a class still match). */
export async function checkThrows(fn: () => unknown, type: { name: string }, what: string): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    let proto = error === null || typeof error !== 'object' ? null : Object.getPrototypeOf(error);
    while (proto) {
      if (proto.constructor?.name === type.name) return error as Error;
      proto = Object.getPrototypeOf(proto);
    }
    throw new ConformanceError(`${what}: expected a ${type.name}, got ${String(error)}`);
  }
  throw new ConformanceError(`${what}: expected a ${type.name}, but nothing was thrown`);
}
