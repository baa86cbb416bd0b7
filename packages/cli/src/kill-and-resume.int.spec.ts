import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './program/run-cli';
import { memoryIo } from './testing/memory-io';
import { metricsWithoutTime } from './testing/run-metrics';
import { finished, startCli, waitForStderr } from './testing/spawn-cli';

/**
 * Process-level interruption, through the real `prunerl` command: a kill -9 in the middle of
 * writing a checkpoint, and Ctrl-C (SIGINT). Both leave a run that `prunerl resume` finishes with
 * the same logs as an uninterrupted run.
 */
describe('prunerl train interrupted', () => {
  let dir: string;
  let config: string;
  let straightMetrics: string[];
  const runDir = (root: string): string => join(root, 'tiny', 'seed-0');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-kill-'));
    config = join(dir, 'tiny.yaml');
    await writeFile(
      config,
      [
        'name: tiny',
        'environment: { id: MinAtar/Breakout-v1, options: { stickyActionProb: 0.5 } }',
        'agent: { name: dqn, options: { minReplayHistory: 100, batchSize: 8, targetUpdatePeriod: 100 } }',
        'network: { options: { denseUnits: 16 } }',
        'replay: { capacity: 3000 }',
        'pruner: { name: gmp, options: { sparsity: 0.9, updateFrequency: 20 } }',
        'budget: { iterations: 4, stepsPerIteration: 400 }',
        '',
      ].join('\n'),
    );
    const io = memoryIo(dir);
    expect(await runCli(['train', config, '-o', join(dir, 'straight'), '--quiet'], io)).toBe(0);
    straightMetrics = await metricsWithoutTime(runDir(join(dir, 'straight')));
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should resume exactly after a kill -9 in the middle of writing checkpoint 2', async () => {
    const out = join(dir, 'killed');
    const child = startCli(['train', config, '-o', out], { env: { PRUNERL_TEST_PAUSE_IN_CHECKPOINT: '2' } });
    const done = finished(child);
    await waitForStderr(child, /PRUNERL_PAUSED_IN_CHECKPOINT 2 after runner\.json/);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const checkpoints = await readdir(join(runDir(out), 'checkpoints'));
    expect(checkpoints.sort()).toEqual(['.tmp-ckpt-00000002', 'ckpt-00000001']);
    expect(JSON.parse(await readFile(join(runDir(out), 'meta.json'), 'utf8'))).toMatchObject({ status: 'running', iterationsCompleted: 1 });

    const io = memoryIo(dir);
    expect(await runCli(['resume', runDir(out)], io)).toBe(0);
    expect(io.err()).toMatch(/resumed from checkpoint 1 \(iteration 1,/);
    expect(JSON.parse(await readFile(join(runDir(out), 'meta.json'), 'utf8'))).toMatchObject({ status: 'complete', iterationsCompleted: 4 });
    expect(await metricsWithoutTime(runDir(out))).toEqual(straightMetrics);
    expect(existsSync(join(runDir(out), 'checkpoints', '.tmp-ckpt-00000002'))).toBe(false);
  }, 120_000);

  it('should stop on SIGINT after the current step with a checkpoint, exit 0, and resume exactly', async () => {
    const out = join(dir, 'sigint');
    const child = startCli(['train', config, '-o', out]);
    const done = finished(child);
    await waitForStderr(child, /iteration 1\/4 done/);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/SIGINT: finishing the current step and writing a checkpoint/);
    expect(result.stdout).toMatch(/^interrupted: /m);
    expect(JSON.parse(await readFile(join(runDir(out), 'meta.json'), 'utf8'))).toMatchObject({ status: 'interrupted' });

    const io = memoryIo(dir);
    expect(await runCli(['resume', runDir(out), '--json'], io)).toBe(0);
    const events = io.out().trim().split('\n').map((line) => JSON.parse(line) as { event: string; status?: string });
    expect(events.filter((e) => e.event === 'result').map((e) => e.status)).toEqual(['complete']);
    expect(await metricsWithoutTime(runDir(out))).toEqual(straightMetrics);
  }, 120_000);
});
