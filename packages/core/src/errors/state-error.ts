import { FieldError, type FieldErrorDetails } from './field-error';

/**
 * Saved state cannot be restored: corrupt bytes, a checksum mismatch, a version or shape that does
 * not match. Whoever throws it must leave the object it was restoring unchanged.
 */
export class StateError extends FieldError {
  constructor(details: FieldErrorDetails, options?: { cause?: unknown }) {
    super('PRUNERL_STATE', details, options);
  }
}
