/**
 * Random-policy statistics of the MinAtar ports: mean return and mean episode length (with standard
 * errors) of a uniformly random policy over 20,000 episodes per game, with the full and the minimal
 * action sets (sticky actions 0.1, difficulty ramping on: the reference's defaults).
 *
 *   npx tsx --conditions=@prunerl/source tools/scripts/minatar-random-policy.ts
 *   npx tsx --conditions=@prunerl/source tools/scripts/minatar-random-policy.ts --episodes 2000 --games breakout,seaquest --json
 *
 * The last columns show what the reference implementation gives for the same protocol: the mean
 * return (and length) of kenjyoung/MinAtar v1.0.15 under a uniformly random policy over 20,000
 * episodes per row (sticky 0.1, ramping on; Python 3.11, numpy 1.24), measured when the port was
 * checked, and for the full set the value recorded in /work/shared/KNOWN.md.
 */
import { Rng } from '@prunerl/core';
import { MINATAR_GAMES, MinAtarEnv, type MinAtarGameName } from '@prunerl/environments';

/** The reference Python's random-policy mean return and length (20,000 episodes, standard errors in comments). */
const REFERENCE: Record<'full' | 'minimal', Record<MinAtarGameName, readonly [number, number]>> = {
  full: {
    asterix: [0.494, 69.9], // +- 0.006, 0.3
    breakout: [0.511, 11.2], // +- 0.005, 0.1
    freeway: [0.131, 2501.0], // +- 0.003, 0
    seaquest: [0.098, 30.6], // +- 0.003, 0.3
    space_invaders: [2.842, 51.0], // +- 0.016, 0.3
  },
  minimal: {
    asterix: [0.504, 66.0], // +- 0.006, 0.3
    breakout: [0.386, 9.9], // +- 0.005, 0.05
    freeway: [0.39, 2501.0], // +- 0.004, 0
    seaquest: [0.098, 30.6], // +- 0.003, 0.3 (the minimal set of Seaquest is the full set)
    space_invaders: [4.077, 59.0], // +- 0.023, 0.3
  },
};

const KNOWN_FULL_SET_RETURN: Record<MinAtarGameName, number> = {
  asterix: 0.51,
  breakout: 0.51,
  freeway: 0.13,
  seaquest: 0.1,
  space_invaders: 2.85,
};

interface Row {
  readonly game: MinAtarGameName;
  readonly actionSet: 'full' | 'minimal';
  readonly actions: number;
  readonly episodes: number;
  readonly meanReturn: number;
  readonly seReturn: number;
  readonly meanLength: number;
  readonly seLength: number;
  readonly seconds: number;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function meanAndStandardError(values: Float64Array): [number, number] {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return [mean, Math.sqrt(ss / n) / Math.sqrt(n)];
}

function measure(game: MinAtarGameName, minimal: boolean, episodes: number, seed: number): Row {
  const env = new MinAtarEnv(game, { minimalActionSet: minimal });
  const policy = Rng.fromSeed(seed).split('policy');
  const n = env.actionSpace.n;
  const returns = new Float64Array(episodes);
  const lengths = new Float64Array(episodes);
  const start = performance.now();
  env.reset({ seed });
  for (let e = 0; e < episodes; e++) {
    if (e > 0) env.reset();
    let total = 0;
    let length = 0;
    for (;;) {
      const r = env.step(policy.uniformInt(0, n));
      total += r.reward;
      length += 1;
      if (r.terminated) break;
    }
    returns[e] = total;
    lengths[e] = length;
  }
  const [meanReturn, seReturn] = meanAndStandardError(returns);
  const [meanLength, seLength] = meanAndStandardError(lengths);
  return { game, actionSet: minimal ? 'minimal' : 'full', actions: n, episodes, meanReturn, seReturn, meanLength, seLength, seconds: (performance.now() - start) / 1000 };
}

const episodes = Number(option('episodes') ?? 20000);
const seed = Number(option('seed') ?? 0);
const games = (option('games')?.split(',') ?? [...MINATAR_GAMES]) as MinAtarGameName[];
const rows: Row[] = [];
for (const minimal of [false, true]) for (const game of games) rows.push(measure(game, minimal, episodes, seed));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ episodes, seed, stickyActionProb: 0.1, difficultyRamping: true, rows }, null, 2));
} else {
  console.log(`MinAtar random policy, ${episodes} episodes per row, sticky actions 0.1, ramping on, seed ${seed}\n`);
  console.log(
    `${'game'.padEnd(15)} ${'set'.padEnd(8)} ${'A'.padStart(2)} ${'mean return'.padStart(18)} ${'mean length'.padStart(20)}` +
      ` ${'ref. return'.padStart(12)} ${'ref. length'.padStart(12)} ${'KNOWN.md'.padStart(9)} ${'time'.padStart(7)}`,
  );
  for (const r of rows) {
    const known = r.actionSet === 'full' ? KNOWN_FULL_SET_RETURN[r.game].toFixed(2) : '';
    const [refReturn, refLength] = REFERENCE[r.actionSet][r.game];
    console.log(
      `${r.game.padEnd(15)} ${r.actionSet.padEnd(8)} ${String(r.actions).padStart(2)} ` +
        `${`${r.meanReturn.toFixed(3)} +- ${r.seReturn.toFixed(3)}`.padStart(18)} ` +
        `${`${r.meanLength.toFixed(1)} +- ${r.seLength.toFixed(1)}`.padStart(20)} ` +
        `${refReturn.toFixed(3).padStart(12)} ${refLength.toFixed(1).padStart(12)} ${known.padStart(9)} ${`${r.seconds.toFixed(1)}s`.padStart(7)}`,
    );
  }
}
