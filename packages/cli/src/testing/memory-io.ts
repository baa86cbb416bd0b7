import { Writable } from 'node:stream';
import type { CliIo } from '../output/cli-io';

/** A {@link CliIo} that keeps what a command prints (tests run commands in-process). */
export function memoryIo(cwd: string): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const stream = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(chunk.toString());
        callback();
      },
    });
  return {
    stdout: stream((t) => (out += t)),
    stderr: stream((t) => (err += t)),
    cwd,
    out: () => out,
    err: () => err,
  };
}
