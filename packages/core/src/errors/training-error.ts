import { FieldError, type FieldErrorDetails } from './field-error';

/**
 * Training itself went wrong in a way that training again would repeat: the loss diverged (NaN or
 * infinite). Runs stop with it instead of logging NaN for hours; a sweep worker fails the run once
 * rather than retrying it.
 */
export class TrainingError extends FieldError {
  constructor(details: FieldErrorDetails, options?: { cause?: unknown }) {
    super('PRUNERL_TRAINING', details, options);
  }
}
