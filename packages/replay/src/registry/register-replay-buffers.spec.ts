import { ConfigError, replayBuffers } from '@prunerl/core';
import { scriptedEpisodes } from '@prunerl/testing';
import { FixedReplayBuffer } from '../buffers/fixed-replay-buffer';
import { PrioritizedReplayBuffer } from '../buffers/prioritized-replay-buffer';
import { loadedOf } from '../dataset/dataset-fixture';
import { UniformReplayBuffer } from '../buffers/uniform-replay-buffer';
import { registerReplayBuffers } from './register-replay-buffers';

describe('registerReplayBuffers', () => {
  it('should register uniform, prioritized and fixed by name, idempotently', () => {
    expect(registerReplayBuffers()).toEqual(['uniform', 'prioritized', 'fixed']);
    const factory = replayBuffers.get('uniform');
    expect(registerReplayBuffers()).toEqual(['uniform', 'prioritized', 'fixed']);
    expect(replayBuffers.get('uniform')).toBe(factory);
    expect(replayBuffers.list().find((e) => e.name === 'prioritized')?.description).toMatch(/sum tree/);
  });

  it('should build a fixed buffer from a loaded dataset, and refuse a path in its place', () => {
    registerReplayBuffers();
    const dataset = loadedOf(scriptedEpisodes([{ length: 12, end: 'terminated' }], 3).transitions, 5);
    const spec = { observationShape: [3], observationDtype: 'float32' };
    const fixed = replayBuffers.get('fixed')({ dataset, nStep: 3 }, spec);
    expect(fixed).toBeInstanceOf(FixedReplayBuffer);
    expect(fixed.size).toBe(12);
    expect(() => replayBuffers.get('fixed')({ dataset: 'runs/a/seed-0' }, spec)).toThrow(/FixedReplayBuffer.dataset: expected a loaded dataset/);
    expect(() => replayBuffers.get('fixed')({ dataset }, { observationShape: [10, 10, 4], observationDtype: 'uint8' })).toThrow(/FixedReplayBuffer.observationShape/);
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
