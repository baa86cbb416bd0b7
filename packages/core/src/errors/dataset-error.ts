import { FieldError, type FieldErrorDetails } from './field-error';

/** Where in a dataset a {@link DatasetError} was found. */
export interface DatasetErrorLocation {
  /** The file at fault (a shard or the manifest), as the reader was given it. */
  readonly file: string;
  /** Byte offset in `file` where the fault starts (0 for a missing or unreadable file). */
  readonly offset: number;
}

/**
 * A logged transition dataset cannot be read: a shard is missing, truncated or corrupt (a checksum
 * fails), or does not match its manifest. It names the file and the byte offset, so a damaged
 * dataset points at the shard to re-log or drop; the message reads
 * `<file> at byte <offset>: expected <what>, got <value>.`
 */
export class DatasetError extends FieldError {
  readonly file: string;
  readonly offset: number;

  constructor(location: DatasetErrorLocation, details: Omit<FieldErrorDetails, 'field'> & { readonly field?: string }, options?: { cause?: unknown }) {
    const where = `${location.file} at byte ${location.offset}`;
    super('PRUNERL_DATASET', { ...details, field: details.field === undefined ? where : `${where} (${details.field})` }, options);
    this.file = location.file;
    this.offset = location.offset;
  }
}
