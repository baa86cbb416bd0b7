/**
 * @prunerl/replay/node: Node-only file helpers for replay buffer checkpoints (the rest of the
 * package runs in browsers too).
 */
export { loadReplayBuffer } from './load-replay-buffer';
export { saveReplayBuffer } from './save-replay-buffer';
export type { SavedReplayFile } from './save-replay-buffer';
