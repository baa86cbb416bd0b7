import { closeSync, fsyncSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';

/**
 * An append-only text file that buffers lines in memory and writes them on `flush`. It tracks its
 * size in bytes, so a checkpoint can record where the log stood and a resumed run can cut off what
 * a killed run wrote after that point ({@link AppendLogFile.truncate}), giving the same file as an
 * uninterrupted run.
 */
export class AppendLogFile {
  private fd: number;
  private pending: string[] = [];
  private size: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    this.size = statSync(path).size;
  }

  /** Bytes on disk plus bytes buffered. */
  get offset(): number {
    return this.size + this.pending.reduce((n, s) => n + Buffer.byteLength(s), 0);
  }

  /** Bytes on disk (what a checkpoint taken after `flush` records). */
  get flushedOffset(): number {
    return this.size;
  }

  append(text: string): void {
    this.pending.push(text);
  }

  /** Writes the buffered text; `sync` also fsyncs (at checkpoints). */
  flush(sync = false): void {
    if (this.pending.length > 0) {
      const buffer = Buffer.from(this.pending.join(''));
      this.pending = [];
      let written = 0;
      while (written < buffer.length) written += writeSync(this.fd, buffer, written, buffer.length - written);
      this.size += buffer.length;
    }
    if (sync) fsyncSync(this.fd);
  }

  /**
   * Cuts the file to `offset` bytes (dropping what a killed run appended after its last
   * checkpoint) and drops buffered text.
   */
  truncate(offset: number): void {
    this.pending = [];
    ftruncateSync(this.fd, offset);
    this.size = offset;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}
