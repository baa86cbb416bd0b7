import { replayBufferConformance } from '@prunerl/testing';
import { PrioritizedReplayBuffer } from './buffers/prioritized-replay-buffer';
import { UniformReplayBuffer } from './buffers/uniform-replay-buffer';

replayBufferConformance('UniformReplayBuffer', (spec) => new UniformReplayBuffer(spec));
replayBufferConformance('PrioritizedReplayBuffer', (spec) => new PrioritizedReplayBuffer(spec));
replayBufferConformance('PrioritizedReplayBuffer (alpha 0.6, beta 1)', (spec) => new PrioritizedReplayBuffer({ ...spec, priorityExponent: 0.6, importanceExponent: 1 }));
