import { ConfigError, Discrete, Rng } from '@prunerl/core';
import { environmentConformance } from '@prunerl/testing';
import { MinAtarEnv } from '../minatar/minatar-env';
import { ClipReward } from '../wrappers/clip-reward';
import { FrameStack } from '../wrappers/frame-stack';
import { ObservationToFloat } from '../wrappers/observation-to-float';
import { RecordEpisodeStatistics } from '../wrappers/record-episode-statistics';
import { TimeLimit } from '../wrappers/time-limit';
import { listEnvironments, make, makeVectorEnv, register } from './make';

const BUILTIN = [
  'Acrobot-v1',
  'CartPole-v1',
  'MinAtar/Asterix-v1',
  'MinAtar/Breakout-v1',
  'MinAtar/Freeway-v1',
  'MinAtar/Seaquest-v1',
  'MinAtar/SpaceInvaders-v1',
  'MountainCar-v0',
  'MountainCarContinuous-v0',
  'Pendulum-v1',
];

describe(make, () => {
  it('should build every built-in id with its time limit', () => {
    expect(listEnvironments()).toEqual(expect.arrayContaining(BUILTIN));
    const limits = Object.fromEntries(['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0'].map((id) => [id, (make(id) as TimeLimit).maxEpisodeSteps]));
    expect(limits).toEqual({ 'CartPole-v1': 500, 'Acrobot-v1': 500, 'MountainCar-v0': 200 });
    const breakout = make('MinAtar/Breakout-v1');
    expect(breakout).toBeInstanceOf(MinAtarEnv);
    expect(breakout.id).toBe('MinAtar/Breakout-v1');
    expect(make('CartPole-v1').id).toBe('CartPole-v1');
  });

  it('should pass options through and let maxEpisodeSteps set the time limit', () => {
    const env = make('MinAtar/Seaquest-v1', { minimalActionSet: true, stickyActionProb: 0, maxEpisodeSteps: 7 }) as TimeLimit;
    expect(env.maxEpisodeSteps).toBe(7);
    expect((env.unwrapped as unknown as MinAtarEnv).stickyActionProb).toBe(0);
    expect((make('CartPole-v1', { maxEpisodeSteps: 20 }) as TimeLimit).maxEpisodeSteps).toBe(20);
    expect(() => make('CartPole-v1', { gravity: 1 })).toThrow(/CartPole options\.gravity/);
  });

  it('should list the known ids when the id is unknown', () => {
    expect(() => make('Pong-v5')).toThrow(ConfigError);
    expect(() => make('Pong-v5')).toThrow(/environments: expected one of .*"CartPole-v1".*"MinAtar\/Breakout-v1".*, got "Pong-v5"/);
  });
});

describe(register, () => {
  it('should add user environments to make and refuse to take an id silently', () => {
    register('Test/Constant-v0', (options) => new TimeLimit(new MinAtarEnv('breakout', options), 3));
    expect(listEnvironments()).toContain('Test/Constant-v0');
    expect(make('Test/Constant-v0', { stickyActionProb: 0 }).id).toBeUndefined();
    expect(() => register('CartPole-v1', () => make('Acrobot-v1'))).toThrow(/a name not registered yet/);
    expect(() => register('Bad-v0', 3 as never)).toThrow(/expected a function/);
  });
});

describe(makeVectorEnv, () => {
  it('should step N copies of an id with autoreset', () => {
    const vec = makeVectorEnv('CartPole-v1', 4);
    const { observations } = vec.reset({ seed: 1 });
    expect(observations).toHaveLength(16);
    const rng = Rng.fromSeed(0);
    let episodes = 0;
    for (let t = 0; t < 200; t++) {
      const r = vec.step(Array.from({ length: 4 }, () => (vec.singleActionSpace as Discrete).sample(rng)));
      episodes += r.terminated.filter(Boolean).length;
      for (const [i, done] of r.terminated.entries()) if (done) expect(r.infos[i]!.finalObservation).toBeInstanceOf(Float32Array);
    }
    expect(episodes).toBeGreaterThan(10);
  });
});

for (const id of BUILTIN) environmentConformance(id, () => make(id));

// Wrapped environments keep the contract too.
environmentConformance('FrameStack(MinAtar/SpaceInvaders-v1, 4)', () => new FrameStack(make('MinAtar/SpaceInvaders-v1'), 4), { steps: 200 });
environmentConformance('ObservationToFloat(RecordEpisodeStatistics(ClipReward(Acrobot-v1)))', () => new ObservationToFloat(new RecordEpisodeStatistics(new ClipReward(make('Acrobot-v1')))), {
  steps: 200,
});
