import { ConfigError, replayBuffers } from '@prunerl/core';
import { PrioritizedReplayBuffer } from '../buffers/prioritized-replay-buffer';
import { UniformReplayBuffer } from '../buffers/uniform-replay-buffer';
import { registerReplayBuffers } from './register-replay-buffers';

describe('registerReplayBuffers', () => {
  it('should register uniform and prioritized by name, idempotently', () => {
    expect(registerReplayBuffers()).toEqual(['uniform', 'prioritized']);
    const factory = replayBuffers.get('uniform');
    expect(registerReplayBuffers()).toEqual(['uniform', 'prioritized']);
    expect(replayBuffers.get('uniform')).toBe(factory);
    expect(replayBuffers.list().find((e) => e.name === 'prioritized')?.description).toMatch(/sum tree/);
  });

  it('should build buffers from JSON options and the observation spec', () => {
    registerReplayBuffers();
    const spec = { observationShape: [84, 84, 4], observationDtype: 'uint8' };
    const uniform = replayBuffers.get('uniform')({ capacity: 1000, nStep: 3, frameStack: 4 }, spec);
    expect(uniform).toBeInstanceOf(UniformReplayBuffer);
    expect((uniform as UniformReplayBuffer).options).toMatchObject({ capacity: 1000, nStep: 3, frameStack: 4, observationShape: [84, 84, 4] });
    const prioritized = replayBuffers.get('prioritized')({ capacity: 1000, importanceExponent: 0.4 }, spec);
    expect(prioritized).toBeInstanceOf(PrioritizedReplayBuffer);
    expect(prioritized.prioritized).toBe(true);
  });

  it('should refuse options that contradict the observation spec, and unknown options', () => {
    registerReplayBuffers();
    const spec = { observationShape: [4], observationDtype: 'float32' };
    expect(() => replayBuffers.get('uniform')({ capacity: 10, observationShape: [5] }, spec)).toThrow(ConfigError);
    expect(() => replayBuffers.get('uniform')({ capacity: 10, priorityExponent: 0.5 }, spec)).toThrow('UniformReplayBuffer.priorityExponent: expected one of the known options');
    expect(() => replayBuffers.get('prioritized')({ capacity: 0 }, spec)).toThrow('capacity: expected an integer in [1, 2147483647], got 0.');
  });
});
