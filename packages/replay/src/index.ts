/**
 * @prunerl/replay: experience replay for prunerl's agents. Uniform and prioritized buffers over one
 * circular store of typed arrays (no tfjs), with n-step returns, frame-stacked storage that keeps
 * each frame once, seeded sampling, and checksummed streaming state for checkpoints; logged
 * transition datasets (a checksummed shard format, selections of a run's data) and the fixed replay
 * buffer offline RL samples them from. File helpers (checkpoint files, dataset writing and reading)
 * live in `@prunerl/replay/node`, the container module in `@prunerl/replay/inversify`.
 */
export { CircularReplayBuffer } from './buffers/circular-replay-buffer';
export type { ExtraSection, ReplayStats, SlotStoreView } from './buffers/circular-replay-buffer';
export { FixedReplayBuffer } from './buffers/fixed-replay-buffer';
export type { FixedReplayBufferOptions } from './buffers/fixed-replay-buffer';
export { PrioritizedReplayBuffer } from './buffers/prioritized-replay-buffer';
export { UniformReplayBuffer } from './buffers/uniform-replay-buffer';
export {
  DATASET_FORMAT,
  DATASET_FORMAT_VERSION,
  DATASET_MANIFEST_FILE,
  SHARD_BLOCK_TRANSITIONS,
  SHARD_FORMAT_VERSION,
  shardFileName,
  TransitionFlags,
} from './dataset/dataset-format';
export type { DatasetManifest, DatasetSpec, ShardEntry, ShardHeader } from './dataset/dataset-format';
export { encodeManifest, parseManifest } from './dataset/dataset-manifest';
export { selectShards } from './dataset/dataset-selection';
export type { DatasetSelection, ShardSlice } from './dataset/dataset-selection';
export { assembleDataset, datasetStats, datasetTransitions } from './dataset/loaded-dataset';
export type { DatasetSegment, DatasetStats, LoadedDataset, StreamedTransition } from './dataset/loaded-dataset';
export { decodeShard, encodeShard } from './dataset/shard-codec';
export type { ExpectedShard, ShardIdentity } from './dataset/shard-codec';
export { ShardBuilder, transitionsOf } from './dataset/transition-columns';
export type { LoggedTransition, TransitionColumns } from './dataset/transition-columns';
export { replayMemoryEstimate } from './memory/replay-memory-estimate';
export type { ReplayMemoryEstimate } from './memory/replay-memory-estimate';
export { MAX_CAPACITY, resolvePrioritizedOptions, resolveReplayOptions } from './options/replay-buffer-options';
export type {
  PrioritizedReplayBufferOptions,
  ReplayBufferOptions,
  ResolvedPrioritizedOptions,
  ResolvedReplayOptions,
  StackPadding,
} from './options/replay-buffer-options';
export { PriorityStore } from './priorities/priority-store';
export { REPLAY_BUFFER_REGISTRATIONS, registerReplayBuffers } from './registry/register-replay-buffers';
export { crc32 } from './state/crc32';
export { STATE_FORMAT_VERSION } from './state/replay-state-format';
export type { StateSection } from './state/replay-state-codec';
export type { ReplayStatePart, RestoredSlots, StagedStatePart } from './state/replay-state-part';
export { SumTree } from './sum-tree/sum-tree';
