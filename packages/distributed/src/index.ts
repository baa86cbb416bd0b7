/**
 * @prunerl/distributed: sweeps across machines. Each run of a sweep is a BullMQ job on Redis (job
 * id = the run's directory in a shared store, so enqueuing twice adds nothing); `RunWorker`s on
 * every machine train runs in child processes, renew their locks, and resume from the run
 * directory's checkpoints a run whose worker died (at-least-once delivery, exactly-once in effect).
 * Node only. The `prunerl sweep --queue` and `prunerl worker` commands are built on it.
 */
export { enqueueSweep } from './enqueue/enqueue-sweep';
export type { EnqueueSweepOptions, EnqueueSweepResult } from './enqueue/enqueue-sweep';
export { prunerlVersion } from './queue/prunerl-version';
export { DEFAULT_REDIS_PORT, parseRedisUrl } from './queue/redis-url';
export type { RedisLocation } from './queue/redis-url';
export { probeRedis, redisOptions, RUN_JOB_OPTIONS, RUN_QUEUE_NAME, RUN_QUEUE_PREFIX, RunQueue } from './queue/run-queue';
export type { QueueOwner, RedisConnectionOptions, RunJobData, RunJobProgress, RunJobResult } from './queue/run-queue';
export { cancelSweep } from './status/cancel-sweep';
export type { CancelSweepOptions, CancelSweepResult } from './status/cancel-sweep';
export { followSweep } from './status/follow-sweep';
export type { FollowSweepOptions, FollowSweepResult } from './status/follow-sweep';
export { isSettled, readSweepStatus } from './status/sweep-status';
export type { RunQueueState, RunStatusRow, SweepStatusFilter } from './status/sweep-status';
export { checkStore, ensureStoreId, insideStore, readStoreId, runDirectoryIn, STORE_ID_FILE, storeRun } from './store/run-store';
export type { StoredRun } from './store/run-store';
export { CANCELLED_REASON } from './worker/process-run-job';
export { RunWorker } from './worker/run-worker';
export type { RunWorkerEvent, RunWorkerExit, RunWorkerOptions } from './worker/run-worker';
