import { Box, ConfigError, Discrete, TOKENS, type Environment, type ReplayBuffer } from '@prunerl/core';
import { Container } from 'inversify';
import { PrioritizedReplayBuffer } from '../buffers/prioritized-replay-buffer';
import { UniformReplayBuffer } from '../buffers/uniform-replay-buffer';
import { replayModule } from './replay-module';

describe('replayModule', () => {
  it('should bind TOKENS.ReplayBuffer to one buffer built from the registry', async () => {
    const container = new Container();
    await container.load(replayModule({ buffer: 'prioritized', options: { capacity: 500, nStep: 3 }, observationShape: [10, 10, 4], observationDtype: 'uint8' }));
    const replay = container.get<ReplayBuffer>(TOKENS.ReplayBuffer);
    expect(replay).toBeInstanceOf(PrioritizedReplayBuffer);
    expect(replay.capacity).toBe(500);
    expect(container.get<ReplayBuffer>(TOKENS.ReplayBuffer)).toBe(replay);
  });

  it("should read the observation spec from a bound environment's observation space", async () => {
    const container = new Container();
    const environment = { observationSpace: new Box({ low: 0, high: 1, shape: [4], dtype: 'float32' }), actionSpace: new Discrete(2) } as unknown as Environment;
    container.bind(TOKENS.Environment).toConstantValue(environment);
    await container.load(replayModule({ options: { capacity: 100 } }));
    const replay = container.get<UniformReplayBuffer>(TOKENS.ReplayBuffer);
    expect(replay).toBeInstanceOf(UniformReplayBuffer);
    expect(replay.options).toMatchObject({ observationShape: [4], observationDtype: 'float32' });
  });

  it('should store continuous actions of the given shape, or of a bound environment\'s Box action space', async () => {
    const given = new Container();
    await given.load(replayModule({ options: { capacity: 10 }, observationShape: [3], observationDtype: 'float32', actionShape: [2] }));
    expect(given.get<UniformReplayBuffer>(TOKENS.ReplayBuffer).options).toMatchObject({ actionShape: [2] });
    const read = new Container();
    const environment = { observationSpace: new Box({ low: -1, high: 1, shape: [3], dtype: 'float32' }), actionSpace: new Box({ low: -2, high: 2, shape: [1], dtype: 'float32' }) } as unknown as Environment;
    read.bind(TOKENS.Environment).toConstantValue(environment);
    await read.load(replayModule({ options: { capacity: 10 } }));
    const replay = read.get<UniformReplayBuffer>(TOKENS.ReplayBuffer);
    expect(replay.options).toMatchObject({ observationShape: [3], actionShape: [1] });
    replay.add({ observation: Float32Array.of(0, 1, 2), action: Float32Array.of(0.5), reward: 1, nextObservation: Float32Array.of(1, 2, 3), terminated: false, truncated: false });
    expect(replay.size).toBe(1);
  });

  it('should explain what is missing when there is neither a spec nor an environment', async () => {
    const container = new Container();
    await container.load(replayModule({ options: { capacity: 100 } }));
    expect(() => container.get(TOKENS.ReplayBuffer)).toThrow(ConfigError);
    expect(() => container.get(TOKENS.ReplayBuffer)).toThrow('an observation shape and dtype, or a bound TOKENS.Environment');
  });
});
