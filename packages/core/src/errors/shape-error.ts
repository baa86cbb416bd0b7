import { FieldError, type FieldErrorDetails } from './field-error';

/** A tensor or array has the wrong shape, size or dtype for where it was passed. */
export class ShapeError extends FieldError {
  constructor(details: FieldErrorDetails, options?: { cause?: unknown }) {
    super('PRUNERL_SHAPE', details, options);
  }
}
