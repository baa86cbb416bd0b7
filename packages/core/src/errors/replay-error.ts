import { FieldError, type FieldErrorDetails } from './field-error';

/** A replay buffer was misused: sampling before enough transitions, a wrong-shaped observation, ... */
export class ReplayError extends FieldError {
  constructor(details: FieldErrorDetails, options?: { cause?: unknown }) {
    super('PRUNERL_REPLAY', details, options);
  }
}
