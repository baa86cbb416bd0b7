/**
 * Base class of every error prunerl throws on purpose. `code` is stable across versions, so callers
 * can branch on it without parsing messages.
 */
export class PrunerlError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    // Keeps `instanceof` working when compiled to ES5-style classes by downstream bundlers.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
