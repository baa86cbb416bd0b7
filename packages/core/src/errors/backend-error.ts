import { FieldError, type FieldErrorDetails } from './field-error';

/** A TensorFlow.js backend cannot be used: not installed, failed to initialise, or lacks a kernel. */
export class BackendError extends FieldError {
  constructor(details: FieldErrorDetails, options?: { cause?: unknown }) {
    super('PRUNERL_BACKEND', details, options);
  }
}
