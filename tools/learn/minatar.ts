/**
 * Trains DQN (or Rainbow) with the `minatar` preset on one MinAtar game and prints the learning curve:
 * one row per iteration of `--iteration` env steps with the mean training return of the episodes that
 * ended in it, the mean evaluation return (`--eval-episodes` episodes at epsilonEval), the measured
 * sparsity of the online network and env steps per second (training and evaluation together).
 *
 *   npx tsx --conditions=@prunerl/source tools/learn/minatar.ts --game Breakout --frames 500000
 *   npx tsx --conditions=@prunerl/source tools/learn/minatar.ts --game SpaceInvaders --frames 500000 --gmp 0.95
 *   ... --torso impala --width 1 --agent rainbow --seed 3 --iteration 25000 --eval-episodes 10 --json
 *
 * MinAtar has no frame skip, so frames are env steps. With `--gmp S` a GradualMagnitudePruner (the
 * paper's defaults: ERK, from 20% to 80% of the run's gradient updates, masks every 1,000 updates)
 * takes the network to sparsity S.
 */
import { initBackend } from '@prunerl/backend';
import { ConfigError } from '@prunerl/core';
import { formatRow, MINATAR_GAMES, ROW_HEADER, runMinAtar, type MinAtarRunOptions } from './minatar-run';

function parseArgs(argv: readonly string[]): MinAtarRunOptions & { readonly json: boolean } {
  const raw = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!;
    if (!key.startsWith('--')) throw new ConfigError({ field: 'argument', value: key, expected: '--name value pairs' });
    if (key === '--json') raw.set('json', 'true');
    else raw.set(key.slice(2), argv[++i] ?? '');
  }
  const number = (name: string, fallback: number): number => {
    const value = raw.has(name) ? Number(raw.get(name)) : fallback;
    if (!Number.isFinite(value) || value <= 0) throw new ConfigError({ field: `--${name}`, value: raw.get(name), expected: 'a positive number' });
    return value;
  };
  const game = raw.get('game') ?? 'Breakout';
  if (!(MINATAR_GAMES as readonly string[]).includes(game)) {
    throw new ConfigError({ field: '--game', value: game, expected: `one of ${MINATAR_GAMES.join(', ')}` });
  }
  const agent = raw.get('agent') ?? 'dqn';
  if (agent !== 'dqn' && agent !== 'rainbow') throw new ConfigError({ field: '--agent', value: agent, expected: 'dqn or rainbow' });
  const torso = raw.get('torso') ?? 'minatar-cnn';
  if (torso !== 'minatar-cnn' && torso !== 'impala') throw new ConfigError({ field: '--torso', value: torso, expected: 'minatar-cnn or impala' });
  const gmp = raw.has('gmp') ? number('gmp', 0.95) : undefined;
  if (gmp !== undefined && gmp >= 1) throw new ConfigError({ field: '--gmp', value: gmp, expected: 'a sparsity in (0, 1)' });
  return {
    game: game as MinAtarRunOptions['game'],
    frames: Math.round(number('frames', 500_000)),
    agent,
    torso,
    width: number('width', 1),
    gmp,
    seed: raw.has('seed') ? Math.round(Number(raw.get('seed'))) : 0,
    iteration: Math.round(number('iteration', 10_000)),
    evalEpisodes: Math.round(number('eval-episodes', 5)),
    evalMaxSteps: Math.round(number('eval-max-steps', 20_000)),
    json: raw.get('json') === 'true',
  };
}

async function main(): Promise<void> {
  const { json, ...options } = parseArgs(process.argv.slice(2));
  const backend = await initBackend({ name: 'wasm' });
  const summary = runMinAtar(
    options,
    (header) => {
      if (json) return;
      console.log(`${header}, backend ${backend.name}${backend.simd ? ' (simd)' : ''}`);
      console.log(ROW_HEADER);
    },
    (row) => console.log(json ? JSON.stringify(row) : formatRow(row)),
  );
  const done = { frames: options.frames, updates: summary.updates, minutes: summary.minutes, sparsity: summary.finalSparsity, totalSparsity: summary.totalSparsity };
  if (json) console.log(JSON.stringify({ done: true, ...done }));
  else {
    console.log(
      `done: ${done.frames} frames, ${done.updates} updates in ${done.minutes.toFixed(1)} min; final sparsity ${done.sparsity.toFixed(4)} ` +
        `(all parameters incl. biases ${done.totalSparsity.toFixed(4)})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
