/**
 * @prunerl/replay/node: Node-only file helpers (the rest of the package runs in browsers too):
 * replay buffer checkpoints, and logged transition datasets (writing a run's transitions as shards,
 * reading selections of one or more datasets back).
 */
export { DatasetWriter } from './dataset-writer';
export type { DatasetWriterOptions } from './dataset-writer';
export { loadReplayBuffer } from './load-replay-buffer';
export { datasetDirectoryOf, readDataset, readDatasetManifest } from './read-dataset';
export type { DatasetLocation, DatasetSource } from './read-dataset';
export { saveReplayBuffer } from './save-replay-buffer';
export type { SavedReplayFile } from './save-replay-buffer';
