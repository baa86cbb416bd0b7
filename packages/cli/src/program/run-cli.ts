import { FieldError, PrunerlError } from '@prunerl/core';
import { CommanderError } from 'commander';
import { processIo, type CliIo } from '../output/cli-io';
import { createProgram } from './create-program';

/** Exit codes of `prunerl`. */
export const EXIT_CODES = Object.freeze({
  /** Done, or stopped with a checkpoint (Ctrl-C). */
  ok: 0,
  /** A run failed, or an unexpected error. */
  failure: 1,
  /** Invalid config, options or arguments, or unreadable saved state or dataset (nothing was written). */
  usage: 2,
});

/**
 * Runs the `prunerl` command line (`argv` without `node` and the script) and returns its exit code
 * instead of exiting, so tests can call it in-process. Errors become one message on stderr (and an
 * `error` event on stdout with --json): a config error names the field, the value and what was
 * expected, and exits 2.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT_CODES.ok;
  const program = createProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage mistakes were already printed by commander.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const usage = error instanceof PrunerlError && ['PRUNERL_CONFIG', 'PRUNERL_STATE', 'PRUNERL_DATASET'].includes(error.code);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${message}\n`);
    if (!(error instanceof PrunerlError) && error instanceof Error && error.stack && process.env.PRUNERL_DEBUG) io.stderr.write(`${error.stack}\n`);
    if (argv.includes('--json')) {
      const details = error instanceof PrunerlError ? { code: error.code, ...(error instanceof FieldError ? { field: error.field } : {}) } : {};
      io.stdout.write(`${JSON.stringify({ event: 'error', message, ...details })}\n`);
    }
    return usage ? EXIT_CODES.usage : EXIT_CODES.failure;
  }
}
