/*
 * The shapes of a checkpoint, apart from the store that writes them to disk (`checkpoint-store.ts`,
 * Node only), so the experiment loop can name them and still run in browsers.
 */

/** One file of a checkpoint: bytes, a string, or a stream of chunks (a replay buffer). */
export interface CheckpointFile {
  readonly name: string;
  readonly data: Uint8Array | string | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** The completion marker's content. */
export interface CheckpointMarker {
  readonly format: 'prunerl-checkpoint';
  readonly version: 1;
  readonly sequence: number;
  readonly createdAt: string;
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[];
}

/** A checkpoint that passed validation. */
export interface CheckpointHandle {
  readonly sequence: number;
  readonly directory: string;
  readonly marker: CheckpointMarker;
}
