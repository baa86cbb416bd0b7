/**
 * What the run tests read back from run directories (not published: `*.fixture.ts` is left out of
 * the package files), without the wall-clock values that differ between any two runs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointStore } from '../checkpoint/checkpoint-store';
import { decodeState } from '../checkpoint/state-codec';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { RUN_FILES } from './run-directory';
import { trainRun } from './train-run';

/** Metric lines without wall-clock values (`time/*`), which differ between any two runs. */
export async function metricsWithoutTime(directory: string): Promise<string[]> {
  const lines = (await readFile(join(directory, RUN_FILES.metricsJsonl), 'utf8')).trim().split('\n');
  return lines.filter((line) => !line.includes('"name":"time/'));
}

/** The final checkpoint's agent state (weights, optimiser, hooks' masks), replay bytes and runner state. */
export async function finalState(directory: string): Promise<{ agent: unknown; replay: Uint8Array; runner: Record<string, unknown> }> {
  const store = new CheckpointStore(join(directory, RUN_FILES.checkpoints));
  const { latest } = await store.latest();
  const runner = JSON.parse(new TextDecoder().decode(await store.readFile(latest!, 'runner.json'))) as Record<string, unknown>;
  // Wall-clock time, and log sizes (the time/* values' digits vary), differ between any two runs.
  delete runner.trainSeconds;
  delete runner.logOffsets;
  return { agent: decodeState(await store.readFile(latest!, 'agent.bin')), replay: await store.readFile(latest!, 'replay.bin'), runner };
}

/** Trains seed 0 of `config` and crashes right after iteration `iterations` (its checkpoint written), as a killed run. */
export async function trainThenCrash(config: ResolvedExperimentConfig, iterations: number, kernelThreads?: number): Promise<void> {
  await expect(
    trainRun({
      config,
      seed: 0,
      ...(kernelThreads !== undefined ? { kernelThreads } : {}),
      onIterationEnd: (summary) => {
        if (summary.iteration === iterations - 1) throw new Error(`simulated crash after iteration ${iterations}`);
      },
    }),
  ).rejects.toThrow('simulated crash');
}

/**
 * Crashes seed 0 of `config` after `iterations`, resumes it, and expects everything the straight run
 * at `straight` left (logs without wall-clock values, agent state, replay bytes, runner state) to
 * come out identical. Returns the resumed run's directory.
 */
export async function expectCrashThenResumeMatches(config: ResolvedExperimentConfig, iterations: number, straight: string): Promise<string> {
  await trainThenCrash(config, iterations);
  const resumed = await trainRun({ config, seed: 0, mode: 'resume' });
  expect(resumed).toMatchObject({ status: 'complete', resumedFrom: iterations });
  expect(await metricsWithoutTime(resumed.directory)).toEqual(await metricsWithoutTime(straight));
  const [a, b] = await Promise.all([finalState(straight), finalState(resumed.directory)]);
  expect(b.agent).toEqual(a.agent);
  expect(Buffer.from(b.replay).equals(Buffer.from(a.replay))).toBe(true);
  expect(b.runner).toEqual(a.runner);
  return resumed.directory;
}
