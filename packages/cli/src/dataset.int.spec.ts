import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './program/run-cli';
import { memoryIo } from './testing/memory-io';

/** `prunerl train --log-replay`, `prunerl dataset info|sample`, and an offline run from the dataset, through the command line. */
describe('prunerl dataset', () => {
  let dir: string;
  let run: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-cli-dataset-'));
    await writeFile(
      join(dir, 'behaviour.yaml'),
      [
        'name: behaviour',
        'environment: { id: CartPole-v1 }',
        'agent: { name: dqn, options: { minReplayHistory: 100, epsilonDecayPeriod: 500 } }',
        'network: { options: { hiddenSizes: [16] } }',
        'budget: { iterations: 2, stepsPerIteration: 300 }',
        'logging: { replayShardTransitions: 200 }',
        'outputDir: runs',
        '',
      ].join('\n'),
    );
    const io = memoryIo(dir);
    expect(await runCli(['train', 'behaviour.yaml', '--log-replay', '--quiet'], io)).toBe(0);
    run = join(dir, 'runs', 'behaviour', 'seed-0');
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should describe the commands', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['dataset', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/info .*\n.*sample/s);
    const train = memoryIo(dir);
    expect(await runCli(['train', '--help'], train)).toBe(0);
    expect(train.out()).toMatch(/--log-replay/);
  });

  it('info: should check every shard and report the task, source and behaviour statistics', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['dataset', 'info', 'runs/behaviour/seed-0'], io)).toBe(0);
    const meta = JSON.parse(await readFile(join(run, 'meta.json'), 'utf8')) as { envSteps: number };
    expect(io.out()).toContain(`dataset ${join(run, 'dataset')}`);
    expect(io.out()).toMatch(/task: CartPole-v1, observations \[4\] float32, 2 actions/);
    expect(io.out()).toMatch(/source: run behaviour, method DQN dense w=1, seed 0, agent dqn/);
    expect(io.out()).toMatch(new RegExp(`transitions: ${meta.envSteps} in \\d+ shards \\(up to 200 each\\), every shard checksum verified`));
    expect(io.out()).toMatch(/behaviour policy: mean return \d+\.\d+ over \d+ whole episodes/);
    const json = memoryIo(dir);
    expect(await runCli(['dataset', 'info', 'runs/behaviour/seed-0', '--from', '0.5', '--json'], json)).toBe(0);
    const result = JSON.parse(json.out().trim()) as { transitions: number; selected: number; spec: { numActions: number }; actionCounts: number[] };
    expect(result.transitions).toBe(meta.envSteps);
    expect(result.selected).toBe(meta.envSteps - Math.round(0.5 * meta.envSteps));
    expect(result.actionCounts.reduce((a, b) => a + b)).toBe(result.selected);
  });

  it('sample: should print transitions drawn with a seed', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['dataset', 'sample', 'runs/behaviour/seed-0', '-n', '3', '--seed', '4', '--json'], io)).toBe(0);
    const rows = io.out().trim().split('\n').map((l) => JSON.parse(l) as { event: string; index: number; observation: number[]; epsilon: number });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.event).toBe('result');
      expect(row.observation).toHaveLength(4);
      expect(row.epsilon).toBeGreaterThanOrEqual(0.01);
    }
    const again = memoryIo(dir);
    expect(await runCli(['dataset', 'sample', 'runs/behaviour/seed-0', '-n', '3', '--seed', '4', '--json'], again)).toBe(0);
    expect(again.out()).toBe(io.out());
    const human = memoryIo(dir);
    expect(await runCli(['dataset', 'sample', 'runs/behaviour/seed-0', '-n', '1'], human)).toBe(0);
    expect(human.out()).toMatch(/^#\d+: action [01], reward 1, epsilon \d\.\d{3}.*\n {2}observation \[.*\] \(\d\/4 non-zero\)\n {2}next {8}\[/);
  });

  it('should train offline from the dataset, and exit 2 naming the file and offset of a damaged shard', async () => {
    await writeFile(
      join(dir, 'offline.yaml'),
      [
        'name: offline',
        'environment: { id: CartPole-v1 }',
        'agent: { name: cql, options: { batchSize: 16 } }',
        'network: { options: { hiddenSizes: [16] } }',
        'offline: { datasets: [{ path: behaviour/seed-0 }] }',
        'budget: { iterations: 2, stepsPerIteration: 50 }',
        'evaluation: { episodes: 1 }',
        'outputDir: runs',
        '',
      ].join('\n'),
    );
    const io = memoryIo(dir);
    expect(await runCli(['train', 'offline.yaml', '--quiet'], io)).toBe(0);
    expect(io.out()).toMatch(/^complete: .*runs\/offline\/seed-0 \(/m);
    const shard = join(run, 'dataset', 'shard-000000.bin');
    const bytes = await readFile(shard);
    bytes[bytes.length - 9] ^= 0xff;
    await writeFile(shard, bytes);
    const damaged = memoryIo(dir);
    expect(await runCli(['dataset', 'info', 'runs/behaviour/seed-0'], damaged)).toBe(2);
    expect(damaged.err()).toMatch(new RegExp(`^error: ${shard.replace(/[/.]/g, '\\$&')} at byte \\d+ \\(block checksum\\)`));
    const refused = memoryIo(dir);
    expect(await runCli(['train', 'offline.yaml', '--set', 'name=offline-2', '--json'], refused)).toBe(2);
    expect(JSON.parse(refused.out().trim().split('\n').pop()!)).toMatchObject({ event: 'error', code: 'PRUNERL_DATASET' });
  }, 120_000);
});
