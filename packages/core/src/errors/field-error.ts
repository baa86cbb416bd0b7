import { describeValue } from './describe-value';
import { PrunerlError } from './prunerl-error';

/** What every field-level error carries: which field, what it got, what it wanted. */
export interface FieldErrorDetails {
  /** Path of the offending field, e.g. `pruner.finalSparsity` or `step(action)`. */
  readonly field: string;
  /** The value received. */
  readonly value: unknown;
  /** What was expected, in words: `a number in [0, 1)`. */
  readonly expected: string;
  /** Optional extra sentence: how to fix it, or what is known. */
  readonly hint?: string;
}

/**
 * An error about one named field. The message always reads
 * `<field>: expected <expected>, got <value>.` so users see all three facts.
 */
export class FieldError extends PrunerlError {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(code: string, details: FieldErrorDetails, options?: { cause?: unknown }) {
    const hint = details.hint ? ` ${details.hint}` : '';
    super(code, `${details.field}: expected ${details.expected}, got ${describeValue(details.value)}.${hint}`, options);
    this.field = details.field;
    this.value = details.value;
    this.expected = details.expected;
  }
}
