/**
 * The main job: DQN dense vs DQN + 95% gradual magnitude pruning on MinAtar Breakout, on a short budget
 * (default 60,000 frames, a few minutes on 2 cores), printing both learning curves and the final
 * sparsity. Runs the two agents one after the other in this process. The `minatar` preset is used as
 * is except for the epsilon decay, shortened to a fifth of the budget (at most the preset's 250,000),
 * so that a short run gets past exploration.
 *
 *   npx tsx --conditions=@prunerl/source tools/learn/minatar-compare.ts [--frames 60000] [--game Breakout] [--seed 0]
 */
import { initBackend } from '@prunerl/backend';
import { ConfigError } from '@prunerl/core';
import { formatRow, MINATAR_GAMES, ROW_HEADER, runMinAtar, type MinAtarRunOptions, type MinAtarSummary } from './minatar-run';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? '') : fallback;
}

async function main(): Promise<void> {
  const frames = Number(option('frames', '60000'));
  const seed = Number(option('seed', '0'));
  const game = option('game', 'Breakout');
  if (!Number.isSafeInteger(frames) || frames < 2_000) throw new ConfigError({ field: '--frames', value: frames, expected: 'an integer >= 2000' });
  if (!(MINATAR_GAMES as readonly string[]).includes(game)) throw new ConfigError({ field: '--game', value: game, expected: MINATAR_GAMES.join(', ') });
  const backend = await initBackend({ name: 'wasm' });
  console.log(`backend ${backend.name}${backend.simd ? ' (simd)' : ''}`);
  const base: MinAtarRunOptions = {
    game: game as MinAtarRunOptions['game'],
    frames,
    agent: 'dqn',
    torso: 'minatar-cnn',
    width: 1,
    gmp: undefined,
    seed,
    iteration: Math.max(1_000, Math.round(frames / 12)),
    evalEpisodes: 5,
    evalMaxSteps: 5_000,
    epsilonDecayPeriod: Math.min(250_000, Math.round(frames / 5)),
  };
  const summaries: MinAtarSummary[] = [];
  for (const gmp of [undefined, 0.95]) {
    summaries.push(
      runMinAtar(
        { ...base, gmp },
        (header) => {
          console.log(`\n${header}`);
          console.log(ROW_HEADER);
        },
        (row) => console.log(formatRow(row)),
      ),
    );
  }
  console.log('\nsummary');
  for (const s of summaries) {
    const last = s.rows.slice(-3);
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    console.log(
      `${s.header.split(',').slice(0, 4).join(',')}: eval return (last 3 iterations) ${mean(last.map((r) => r.evalReturn)).toFixed(2)}, ` +
        `final sparsity ${s.finalSparsity.toFixed(4)}, ${s.updates} updates in ${s.minutes.toFixed(1)} min`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
