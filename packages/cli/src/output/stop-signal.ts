import type { CliOutput } from './cli-io';

/**
 * Ctrl-C handling for long commands: the first SIGINT or SIGTERM asks the run to finish its current
 * step, write a checkpoint and exit 0; a second SIGINT exits at once (130) for the impatient.
 */
export class StopSignal {
  private stopping = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.stopping && signal === 'SIGINT') {
      this.output.io.stderr.write('\nsecond interrupt: exiting without a checkpoint\n');
      process.exit(130);
    }
    this.stopping = true;
    this.output.warn(`${signal}: finishing the current step and writing a checkpoint (Ctrl-C again to exit at once)`);
  };

  constructor(private readonly output: CliOutput) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Whether a stop was requested. */
  get requested(): boolean {
    return this.stopping;
  }

  /** Removes the handlers. */
  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}
