import type { CheckpointFile, CheckpointHandle } from '../checkpoint/checkpoint-types';

/**
 * What {@link ExperimentLoop} needs of a checkpoint store: Node's `CheckpointStore` (atomic,
 * checksummed directories) is one. A contract rather than the class, so the loop imports no file
 * code and runs in browsers, where a run keeps no checkpoints.
 */
export interface LoopCheckpoints {
  write(sequence: number, files: readonly CheckpointFile[]): Promise<CheckpointHandle>;
  readFile(handle: CheckpointHandle, name: string): Promise<Uint8Array>;
  streamFile(handle: CheckpointHandle, name: string): AsyncIterable<Uint8Array>;
}

/** What the loop needs of an append-only log file (Node's `AppendLogFile`): checkpoints record its size, resume cuts it back. */
export interface LoopLogFile {
  readonly flushedOffset: number;
  flush(sync?: boolean): void;
  truncate(offset: number): void;
}
