/**
 * SAC through the `prunerl` command like any other agent: the README's Pendulum config trains (a
 * short budget), resumes, reports raw returns and refuses export; a sweep of SAC runs trains in
 * worker processes and its report judges its claim; the fig9-sac preset lists its cost; an agent
 * paired with an environment it cannot act in exits 2 before anything runs, in `train` and `sweep`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './program/run-cli';
import { memoryIo } from './testing/memory-io';

/** The README's SAC config (the test fails if the page stops showing it). */
async function readmeConfig(): Promise<string> {
  const page = await readFile(join(__dirname, '..', 'README.md'), 'utf8');
  const block = /```yaml\n(# pendulum-sac\.yaml\n[\s\S]*?)```/.exec(page);
  expect(block).not.toBeNull();
  return block![1]!;
}

describe('prunerl with SAC', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-cli-sac-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should train the README config (short), skip it with --resume, report raw returns and refuse to export it', async () => {
    const config = join(dir, 'pendulum-sac.yaml');
    await writeFile(config, await readmeConfig());
    // 1,200 steps (six 200-step episodes): the preset's 1,000 random steps, then 200 gradient steps
    // (batch 32 here), GMP to 90% within them.
    const short = ['--set', 'budget.iterations=2', '--set', 'budget.stepsPerIteration=600', '--set', 'evaluation.episodes=1', '--set', 'agent.options.batchSize=32'];
    const io = memoryIo(dir);
    expect(await runCli(['train', config, ...short], io)).toBe(0);
    expect(io.out()).toMatch(/^complete: .*runs\/pendulum-sac-gmp-w2\/seed-0 \(1,200 steps, .*sparsity 90\.0%\)/m);
    const meta = JSON.parse(await readFile(join(dir, 'runs/pendulum-sac-gmp-w2/seed-0/meta.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ status: 'complete', gradientUpdates: 200, factors: { agent: 'sac', torso: 'mlp', width: 2, sparsity: 0.9, replayRatio: 1 } });
    const resumed = memoryIo(dir);
    expect(await runCli(['train', config, ...short, '--resume', '--json'], resumed)).toBe(0);
    expect(JSON.parse(resumed.out().trim())).toMatchObject({ event: 'result', status: 'skipped' });

    const report = memoryIo(dir);
    expect(await runCli(['report', 'runs', '--reps', '200'], report)).toBe(0);
    const html = await readFile(join(dir, 'runs', 'report.html'), 'utf8');
    expect(html).toContain('SAC gmp 90% w=2');
    expect(html).not.toMatch(/normalised score/);

    const exported = memoryIo(dir);
    expect(await runCli(['export', 'runs/pendulum-sac-gmp-w2/seed-0'], exported)).toBe(2);
    expect(exported.err()).toMatch(/error: agent\.name: expected an agent of discrete actions: a policy file holds a Q network/);
  }, 120_000);

  it('should exit 2 naming agent.name for SAC on CartPole and DQN on Pendulum, leaving no run directory', async () => {
    const config = join(dir, 'mismatch.yaml');
    await writeFile(config, await readmeConfig());
    const sacOnCartPole = memoryIo(dir);
    expect(await runCli(['train', config, '--set', 'environment.id=CartPole-v1', '-o', 'bad'], sacOnCartPole)).toBe(2);
    expect(sacOnCartPole.err()).toMatch(/error: agent\.name: expected an agent of discrete actions for CartPole-v1 \(its action space is Discrete\(2\); "sac" takes continuous actions\)/);
    const dqnOnPendulum = memoryIo(dir);
    expect(await runCli(['train', config, '--set', 'agent.name=dqn', '--set', 'network.torso=mlp', '-o', 'bad'], dqnOnPendulum)).toBe(2);
    expect(dqnOnPendulum.err()).toMatch(/error: agent\.name: expected an agent of continuous actions for Pendulum-v1 .*"dqn" takes discrete actions\): one of "sac"/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);

    const sweep = join(dir, 'mixed.yaml');
    await writeFile(sweep, ['name: mixed', 'base:', '  agent: { name: sac }', '  budget: { iterations: 2, stepsPerIteration: 700 }', 'grid:', '  environment.id: [Pendulum-v1, CartPole-v1]', ''].join('\n'));
    const mixed = memoryIo(dir);
    expect(await runCli(['sweep', sweep, '--list'], mixed)).toBe(2);
    expect(mixed.err()).toMatch(/error: agent\.name: expected an agent of discrete actions for CartPole-v1 .* \(sweep run "id-CartPole-v1\/seed-0"\)/);
  });

  it('should list fig9-sac with its cost in core-hours', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['sweep', '--preset', 'fig9-sac', '--list', '--json'], io)).toBe(0);
    const result = JSON.parse(io.out().trim().split('\n').at(-1)!) as { runs: number; coreHours: number; runsWithoutEstimate: number };
    expect(result).toMatchObject({ runs: 24, runsWithoutEstimate: 0 });
    expect(result.coreHours).toBeGreaterThan(0.5);
  });

  it('should run a sweep of SAC runs in worker processes and judge its claim over raw returns (what compare does with a preset)', async () => {
    const sweep = join(dir, 'sac-sweep.yaml');
    await writeFile(
      sweep,
      [
        'name: sac-sweep',
        'base:',
        '  environment: { id: Pendulum-v1 }',
        '  agent: { name: sac, options: { minReplayHistory: 100, batchSize: 16 } }',
        '  network: { torso: mlp, options: { hiddenSizes: [16, 16] } }',
        '  budget: { iterations: 1, stepsPerIteration: 200 }',
        'variants:',
        '  - { label: SAC dense, set: { pruner: none } }',
        '  - { label: SAC GMP 90%, set: { pruner: { name: gmp, options: { sparsity: 0.9, distribution: erk, updateFrequency: 20 } } } }',
        'seeds: [0, 1]',
        'claims:',
        '  - { claim: GMP 90% beats dense, better: SAC GMP 90%, than: SAC dense }',
        '',
      ].join('\n'),
    );
    const io = memoryIo(dir);
    expect(await runCli(['sweep', sweep, '--workers', '2', '-o', 'sweeps', '--json'], io)).toBe(0);
    const events = io.out().trim().split('\n').map((line) => JSON.parse(line) as { event: string; status?: string; path?: string; claims?: { verdict: string }[] });
    expect(events.filter((e) => e.event === 'run').map((e) => e.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
    const report = events.find((e) => e.event === 'result' && e.path !== undefined)!;
    expect(report.claims).toHaveLength(1);
    expect(['holds', 'refuted', 'inconclusive']).toContain(report.claims![0]!.verdict);
    const html = await readFile(report.path!, 'utf8');
    expect(html).toContain('SAC GMP 90%');
    expect(html).not.toMatch(/normalised score/);
  }, 120_000);
});
