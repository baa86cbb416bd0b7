/** Where the CLI writes: injectable, so tests run commands in-process and read what they print. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The directory relative paths are resolved from. */
  readonly cwd: string;
}

let pipeWatched = false;

/**
 * The process's own streams and working directory. A reader that closes the pipe early
 * (`prunerl envs | head -3`) ends the command quietly, as Unix tools do, instead of an EPIPE trace.
 */
export function processIo(): CliIo {
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/** How much a command prints. */
export interface OutputMode {
  /** Machine-readable output: one JSON object per line on stdout, nothing else there. */
  readonly json: boolean;
  /** No progress bars and no informational lines (errors and the final result still print). */
  readonly quiet: boolean;
}

/**
 * The printing side of a command: human lines to stderr (so stdout stays for results and JSON),
 * results to stdout, JSON events as single lines.
 */
export class CliOutput {
  constructor(
    readonly io: CliIo,
    readonly mode: OutputMode,
  ) {}

  /** An informational line (suppressed by --quiet and --json). */
  info(message: string): void {
    if (!this.mode.quiet && !this.mode.json) this.io.stderr.write(`${message}\n`);
  }

  /** A warning (suppressed by --json, which reports it as an event instead). */
  warn(message: string): void {
    if (this.mode.json) this.event('warning', { message });
    else this.io.stderr.write(`warning: ${message}\n`);
  }

  /** The command's result: a line for humans, or a JSON event. */
  result(human: string, data: Record<string, unknown>): void {
    if (this.mode.json) this.event('result', data);
    else this.io.stdout.write(`${human}\n`);
  }

  /** One JSON line on stdout (only in --json mode). */
  event(type: string, data: Record<string, unknown>): void {
    if (this.mode.json) this.io.stdout.write(`${JSON.stringify({ event: type, ...data })}\n`);
  }

  /** Raw text to stdout (listings, printed configs). */
  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Whether animated progress bars make sense: a terminal, and neither --quiet nor --json. */
  get interactive(): boolean {
    return !this.mode.quiet && !this.mode.json && this.io.stderr.isTTY === true;
  }
}
