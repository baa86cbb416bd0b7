import { describeValue, EnvironmentError, isBox, Rng, type Action, type Environment, type TypedArray } from '@prunerl/core';
import { check, checkThrows, testGlobals } from '../conformance/test-api';

/** Options of {@link environmentConformance}. */
export interface EnvironmentConformanceOptions {
  /** Steps of each random-action rollout (default 300). */
  readonly steps?: number;
  /** Most steps a random policy may need to end an episode, for the step-after-end check (default 5,000). */
  readonly maxEpisodeSteps?: number;
  /** Seed of the rollouts (default 7). */
  readonly seed?: number;
}

interface Rollout {
  readonly observations: TypedArray[];
  readonly rewards: number[];
  readonly flags: string[];
}

/** One check of {@link environmentConformance}, runnable on its own. */
export interface EnvironmentConformanceCheck {
  readonly name: string;
  run(): Promise<void>;
}

/**
 * The conformance suite every `Environment` of `@prunerl/environments` runs, and that third-party
 * environments can run under jest, vitest or mocha: spaces are described and respected by every
 * observation, rewards are finite, flags boolean, info an object; the same seed replays the same
 * trajectory (also across episodes reset without a seed); returned observations are never reused;
 * misuse (step before reset, an action outside the space, step after the episode ended) throws an
 * `EnvironmentError` that names the value. `factory` must return a fresh environment per call;
 * the environment must take `reset({ seed })` and a discrete action space or a float32 `Box` one
 * (continuous actions: a wrong length, a wrong type or a NaN entry must be refused, naming the
 * `step(action)` field).
 *
 * @example
 * ```ts
 * environmentConformance('MinAtar/Breakout-v1', () => make('MinAtar/Breakout-v1'));
 * ```
 */
export function environmentConformance(name: string, factory: () => Environment<TypedArray, Action>, options: EnvironmentConformanceOptions = {}): void {
  const { describe, it } = testGlobals();
  describe(`${name} (environment conformance)`, () => {
    for (const c of environmentConformanceChecks(factory, options)) it(c.name, () => c.run(), 60_000);
  });
}

/**
 * The checks of {@link environmentConformance} as plain async functions (each throws a
 * `ConformanceError` on failure), for runners without `describe`/`it` or to run one check alone.
 */
export function environmentConformanceChecks(
  factory: () => Environment<TypedArray, Action>,
  options: EnvironmentConformanceOptions = {},
): EnvironmentConformanceCheck[] {
  const steps = options.steps ?? 300;
  const maxEpisodeSteps = options.maxEpisodeSteps ?? 5000;
  const seed = options.seed ?? 7;

  const rollout = (env: Environment<TypedArray, Action>, actionSeed: number): Rollout => {
    const rng = Rng.fromSeed(actionSeed).split('actions');
    const observations: TypedArray[] = [env.reset({ seed }).observation];
    const rewards: number[] = [];
    const flags: string[] = [];
    for (let t = 0; t < steps; t++) {
      const result = env.step(env.actionSpace.sample(rng));
      observations.push(result.observation);
      rewards.push(result.reward);
      flags.push(`${result.terminated}/${result.truncated}`);
      if (result.terminated || result.truncated) observations.push(env.reset().observation);
    }
    return { observations, rewards, flags };
  };

  const checks: EnvironmentConformanceCheck[] = [];
  const add = (name: string, body: () => void | Promise<void>): void => {
    checks.push({ name, run: async () => body() });
  };
  add('should describe its spaces', () => {
    const env = factory();
    for (const [label, space] of [['observationSpace', env.observationSpace], ['actionSpace', env.actionSpace]] as const) {
      check(space && typeof space.contains === 'function' && typeof space.sample === 'function', `${label} must be a Space`);
      check(Array.isArray(space.shape) && space.shape.every((d) => Number.isInteger(d) && d >= 1), `${label}.shape must list positive integers`);
      check(typeof space.toJSON() === 'object', `${label}.toJSON() must return an object`);
    }
    const space = env.actionSpace;
    check(space.kind === 'discrete' || (isBox(space) && space.dtype === 'float32'), `actionSpace must be discrete or a float32 box, got ${JSON.stringify(space.toJSON())}`);
    check(env.unwrapped && typeof env.unwrapped.step === 'function', 'unwrapped must be an Environment');
    check(env.unwrapped.unwrapped === env.unwrapped, 'unwrapped.unwrapped must be unwrapped itself');
    env.close();
  });

  add('should keep every observation in its space and return well-formed steps', () => {
    const env = factory();
    const rng = Rng.fromSeed(seed).split('actions');
    const first = env.reset({ seed });
    check(env.observationSpace.contains(first.observation), () => `reset() returned an observation outside ${JSON.stringify(env.observationSpace.toJSON())}`);
    check(first.info !== null && typeof first.info === 'object', 'reset() must return an info object');
    for (let t = 0; t < steps; t++) {
      const action = env.actionSpace.sample(rng);
      const r = env.step(action);
      check(env.observationSpace.contains(r.observation), () => `step ${t + 1} returned an observation outside the observation space`);
      check(typeof r.reward === 'number' && Number.isFinite(r.reward), () => `step ${t + 1} returned reward ${String(r.reward)}`);
      check(typeof r.terminated === 'boolean' && typeof r.truncated === 'boolean', `step ${t + 1}: terminated and truncated must be booleans`);
      check(r.info !== null && typeof r.info === 'object', `step ${t + 1}: info must be an object`);
      if (r.terminated || r.truncated) {
        const again = env.reset();
        check(env.observationSpace.contains(again.observation), 'reset() after an episode returned an observation outside the space');
      }
    }
    env.close();
  });

  add('should replay the same trajectory under the same seed', () => {
    const a = rollout(factory(), seed);
    const b = rollout(factory(), seed);
    check(a.observations.length === b.observations.length, 'the same seed and actions gave episodes of different lengths');
    for (let i = 0; i < a.observations.length; i++) {
      check(sameArray(a.observations[i]!, b.observations[i]!), `observation ${i} differs between two runs with seed ${seed}`);
    }
    check(a.rewards.every((r, i) => Object.is(r, b.rewards[i])), 'rewards differ between two runs with the same seed');
    check(a.flags.every((f, i) => f === b.flags[i]), 'terminated/truncated differ between two runs with the same seed');
  });

  add('should restart the same way when reset twice with one seed', () => {
    const env = factory();
    const first = env.reset({ seed }).observation;
    env.step(env.actionSpace.sample(Rng.fromSeed(seed)));
    const second = env.reset({ seed }).observation;
    check(sameArray(first, second), 'reset({ seed }) twice with the same seed gave different observations');
  });

  add('should hand out a fresh observation array on every call', () => {
    const env = factory();
    const rng = Rng.fromSeed(seed).split('actions');
    const first = env.reset({ seed }).observation;
    const copy = first.slice();
    const seen = new Set<TypedArray>([first]);
    for (let t = 0; t < 20; t++) {
      const r = env.step(env.actionSpace.sample(rng));
      check(!seen.has(r.observation), `step ${t + 1} returned an observation array handed out before`);
      seen.add(r.observation);
      if (r.terminated || r.truncated) seen.add(env.reset().observation);
    }
    check(sameArray(first, copy), 'a later step changed an observation returned earlier');
  });

  add('should throw an EnvironmentError when stepping before reset', async () => {
    const env = factory();
    await checkThrows(() => env.step(env.actionSpace.sample(Rng.fromSeed(seed))), EnvironmentError, 'step() before reset()');
  });

  add('should throw an EnvironmentError naming the value for actions outside the space', async () => {
    const env = factory();
    env.reset({ seed });
    const actionSpace = env.actionSpace;
    if (isBox(actionSpace)) {
      const size = actionSpace.size;
      const withNaN = new Float32Array(size);
      withNaN[size - 1] = Number.NaN;
      const bad: unknown[] = [new Float32Array(size + 1), new Float64Array(size), withNaN, 0, undefined];
      for (const action of bad) {
        const error = await checkThrows(() => env.step(action as Float32Array), EnvironmentError, `step(${describeValue(action)})`);
        const field = 'field' in error ? String((error as { field: unknown }).field) : '';
        check(field.startsWith('step(action)'), `the error for step(${describeValue(action)}) must name the step(action) field, got: ${error.message}`);
      }
    } else {
      const space = actionSpace as unknown as { n?: number; start?: number };
      const start = space.start ?? 0;
      const bad: unknown[] = [start - 1, start + (space.n ?? 0), start + 0.5, Number.NaN, String(start), undefined];
      for (const action of bad) {
        if (actionSpace.contains(action)) continue;
        const error = await checkThrows(() => env.step(action as number), EnvironmentError, `step(${String(action)})`);
        const named = 'value' in error ? Object.is((error as { value: unknown }).value, action) : error.message.includes(String(action));
        check(named, `the error for step(${String(action)}) must name the value, got: ${error.message}`);
      }
    }
    // A valid step still works after the refused ones.
    env.step(env.actionSpace.sample(Rng.fromSeed(seed)));
  });

  add('should throw an EnvironmentError when stepping after the episode ended', async () => {
    const env = factory();
    const rng = Rng.fromSeed(seed).split('actions');
    env.reset({ seed });
    let ended = false;
    for (let t = 0; t < maxEpisodeSteps && !ended; t++) {
      const r = env.step(env.actionSpace.sample(rng));
      ended = r.terminated || r.truncated;
    }
    check(ended, `no episode ended within ${maxEpisodeSteps} random steps; pass a larger maxEpisodeSteps`);
    const action = env.actionSpace.sample(rng);
    const error = await checkThrows(() => env.step(action), EnvironmentError, 'step() after the episode ended');
    check(error.message.includes(describeValue(action)), `the error must name the action, got: ${error.message}`);
    env.reset();
    env.step(env.actionSpace.sample(rng));
  });
  return checks;
}

function sameArray(a: TypedArray, b: TypedArray): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
