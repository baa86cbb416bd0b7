import { environments, type Action, type Environment, type TypedArray } from '@prunerl/core';
import { AcrobotEnv } from '../classic-control/acrobot-env';
import { CartPoleEnv } from '../classic-control/cart-pole-env';
import { MountainCarContinuousEnv } from '../classic-control/mountain-car-continuous-env';
import { MountainCarEnv } from '../classic-control/mountain-car-env';
import { PendulumEnv } from '../classic-control/pendulum-env';
import { MinAtarEnv, type MinAtarGameName } from '../minatar/minatar-env';
import { TimeLimit } from '../wrappers/time-limit';

type Factory = (options: Record<string, unknown>) => Environment<TypedArray, Action>;

/** Splits `make`'s `maxEpisodeSteps` from the environment's own options. */
function splitOptions(options: Record<string, unknown>): [number | undefined, Record<string, unknown>] {
  const { maxEpisodeSteps, ...rest } = options;
  return [maxEpisodeSteps as number | undefined, rest];
}

function classic<Act extends Action>(id: string, limit: number, create: (options: Record<string, unknown>) => Environment<Float32Array, Act>): Factory {
  return (options) => {
    const [maxEpisodeSteps, rest] = splitOptions(options);
    return new TimeLimit<Float32Array, Act>(create({ ...rest, id }), maxEpisodeSteps ?? limit) as Environment<TypedArray, Action>;
  };
}

function minatar(id: string, game: MinAtarGameName): Factory {
  return (options) => {
    const [maxEpisodeSteps, rest] = splitOptions(options);
    const env = new MinAtarEnv(game, { ...rest, id });
    return maxEpisodeSteps === undefined ? env : new TimeLimit(env, maxEpisodeSteps);
  };
}

/** The built-in ids, their factories and one-line descriptions. */
export const BUILTIN_ENVIRONMENTS: ReadonlyArray<readonly [string, Factory, string]> = [
  ['CartPole-v1', classic('CartPole-v1', 500, (o) => new CartPoleEnv(o)), 'Gymnasium CartPole-v1 (500-step limit)'],
  ['Acrobot-v1', classic('Acrobot-v1', 500, (o) => new AcrobotEnv(o)), 'Gymnasium Acrobot-v1 (500-step limit)'],
  ['MountainCar-v0', classic('MountainCar-v0', 200, (o) => new MountainCarEnv(o)), 'Gymnasium MountainCar-v0 (200-step limit)'],
  ['Pendulum-v1', classic('Pendulum-v1', 200, (o) => new PendulumEnv(o)), 'Gymnasium Pendulum-v1 (continuous torque, 200-step limit)'],
  [
    'MountainCarContinuous-v0',
    classic('MountainCarContinuous-v0', 999, (o) => new MountainCarContinuousEnv(o)),
    'Gymnasium MountainCarContinuous-v0 (continuous force, 999-step limit)',
  ],
  ['MinAtar/Asterix-v1', minatar('MinAtar/Asterix-v1', 'asterix'), 'MinAtar Asterix (10x10x4)'],
  ['MinAtar/Breakout-v1', minatar('MinAtar/Breakout-v1', 'breakout'), 'MinAtar Breakout (10x10x4)'],
  ['MinAtar/Freeway-v1', minatar('MinAtar/Freeway-v1', 'freeway'), 'MinAtar Freeway (10x10x7)'],
  ['MinAtar/Seaquest-v1', minatar('MinAtar/Seaquest-v1', 'seaquest'), 'MinAtar Seaquest (10x10x10)'],
  ['MinAtar/SpaceInvaders-v1', minatar('MinAtar/SpaceInvaders-v1', 'space_invaders'), 'MinAtar SpaceInvaders (10x10x6)'],
];

/**
 * Registers the built-in ids in core's `environments` registry, skipping ids already taken (so a
 * user's earlier registration stands). Idempotent; `make` and `listEnvironments` call it.
 */
export function registerBuiltinEnvironments(): void {
  for (const [id, factory, description] of BUILTIN_ENVIRONMENTS) {
    if (!environments.has(id)) environments.register(id, factory, { description });
  }
}
