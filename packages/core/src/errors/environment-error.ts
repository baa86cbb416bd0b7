import { FieldError, type FieldErrorDetails } from './field-error';

/** An environment was misused: an action outside the space, `step` after the episode ended, ... */
export class EnvironmentError extends FieldError {
  constructor(details: FieldErrorDetails, options?: { cause?: unknown }) {
    super('PRUNERL_ENVIRONMENT', details, options);
  }
}
