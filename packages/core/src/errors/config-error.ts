import { FieldError, type FieldErrorDetails } from './field-error';

/** A configuration or constructor option is invalid (unknown name, wrong type, out of range). */
export class ConfigError extends FieldError {
  constructor(details: FieldErrorDetails, options?: { cause?: unknown }) {
    super('PRUNERL_CONFIG', details, options);
  }
}
