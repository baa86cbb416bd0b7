import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeBackend, initBackend } from '@prunerl/backend';
import { ConfigError } from '@prunerl/core';
import { buildExperiment, ExperimentLoop, resolveExperimentConfig, taskOf, type ResolvedExperimentConfig } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';
import { formatCount } from '../output/format-duration';
import { loadExperiment } from './load-experiment';

/** Options of `prunerl bench`. */
export interface BenchCommandOptions {
  /** A config to time instead of the built-in one (DQN, MinAtar Breakout). */
  readonly config?: string;
  /** Training steps timed per case. Default 3,000. */
  readonly steps?: number;
}

/** The repository's `tools/bench` directory, found upward from `cwd`, if this is a checkout. */
export function findBenchDirectory(cwd: string): string | undefined {
  let directory = resolve(cwd);
  for (let i = 0; i < 8; i++) {
    const candidate = join(directory, 'tools', 'bench');
    if (existsSync(candidate) && existsSync(join(directory, 'package.json'))) return candidate;
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return undefined;
}

/** Names of the benchmark scripts in a `tools/bench` directory. */
export function benchScripts(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.ts') && !name.includes('tmp'))
    .map((name) => name.replace(/\.ts$/, ''))
    .sort();
}

/**
 * `prunerl bench <script>` runs `tools/bench/<script>.ts` of the checkout (with tsx, on the
 * sources); `prunerl bench` times the built-in case: environment steps/s alone, then training
 * steps/s of the agent, dense and with 95% GMP, after the replay warm-up.
 */
export async function benchCommand(script: string | undefined, args: readonly string[], options: BenchCommandOptions, output: CliOutput): Promise<number> {
  const benchDirectory = findBenchDirectory(output.io.cwd);
  if (script !== undefined) {
    if (!benchDirectory) {
      throw new ConfigError({ field: 'bench script', value: script, expected: 'no script name outside a prunerl checkout (tools/bench/ not found); run `prunerl bench` for the built-in timing' });
    }
    const scripts = benchScripts(benchDirectory);
    if (!scripts.includes(script)) throw new ConfigError({ field: 'bench script', value: script, expected: `one of ${scripts.map((s) => JSON.stringify(s)).join(', ')}` });
    const root = dirname(dirname(benchDirectory));
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@prunerl/source', join(benchDirectory, `${script}.ts`), ...args], { cwd: root, stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) => resolvePromise(code ?? 1));
    });
  }
  if (benchDirectory) output.info(`benchmark scripts in ${benchDirectory}: ${benchScripts(benchDirectory).join(', ')} (prunerl bench <name>)`);
  const steps = options.steps ?? 3000;
  const base = options.config
    ? await loadExperiment(options.config, {}, output.io.cwd)
    : resolveExperimentConfig({ environment: { id: 'MinAtar/Breakout-v1' }, agent: { name: 'dqn' }, budget: { iterations: 1, stepsPerIteration: steps } });
  const backend = await initBackend({ name: base.backend });
  output.info(`backend: ${describeBackend(backend)}`);
  const rows: { case: string; stepsPerSecond: number; msPerStep: number }[] = [];
  rows.push({ case: `${base.environment.id} environment alone`, ...(await timeEnvironment(base, 20_000)) });
  const warmup = 500;
  const training = (pruner: ResolvedExperimentConfig['pruner']): ResolvedExperimentConfig => ({
    ...base,
    pruner,
    agent: { ...base.agent, options: { ...base.agent.options, minReplayHistory: warmup, totalSteps: warmup + steps } },
  });
  rows.push({ case: `${base.method.replace(/ w=.*/, '')} training (${base.network.torso} w=${base.network.width})`, ...(await timeTraining(training(base.pruner), warmup, steps)) });
  if (!base.pruner) {
    rows.push({ case: `+ GMP 95% (mask update every 100 updates)`, ...(await timeTraining(training({ name: 'gmp', options: { sparsity: 0.95, updateFrequency: 100 } }), warmup, steps)) });
  }
  if (output.mode.json) {
    for (const row of rows) output.event('bench', row);
  } else {
    const width = Math.max(...rows.map((r) => r.case.length));
    output.print(`${'case'.padEnd(width)}  ${'steps/s'.padStart(9)}  ${'ms/step'.padStart(8)}`);
    for (const row of rows) output.print(`${row.case.padEnd(width)}  ${formatCount(row.stepsPerSecond).padStart(9)}  ${row.msPerStep.toFixed(3).padStart(8)}`);
  }
  return 0;
}

async function timeEnvironment(config: ResolvedExperimentConfig, steps: number): Promise<{ stepsPerSecond: number; msPerStep: number }> {
  const parts = await buildExperiment(config, 0);
  try {
    const { env } = parts;
    const n = taskOf(env).numActions;
    let seed = 0;
    env.reset({ seed });
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const result = env.step(i % n);
      if (result.terminated || result.truncated) env.reset({ seed: ++seed });
    }
    const seconds = (performance.now() - start) / 1000;
    return { stepsPerSecond: steps / seconds, msPerStep: (seconds * 1000) / steps };
  } finally {
    parts.dispose();
  }
}

async function timeTraining(config: ResolvedExperimentConfig, warmup: number, steps: number): Promise<{ stepsPerSecond: number; msPerStep: number }> {
  const parts = await buildExperiment(config, 0);
  try {
    // The warm-up (random actions, no updates) first, then the timed steps with training.
    await new ExperimentLoop(parts, { seed: 0, iterations: 1, stepsPerIteration: warmup }).run();
    const start = performance.now();
    const loop = new ExperimentLoop(parts, { seed: 1, iterations: 1, stepsPerIteration: steps });
    await loop.run();
    const seconds = (performance.now() - start) / 1000;
    return { stepsPerSecond: loop.steps / seconds, msPerStep: (seconds * 1000) / loop.steps };
  } finally {
    parts.dispose();
  }
}
