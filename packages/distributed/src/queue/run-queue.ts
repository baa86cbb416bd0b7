import { ConfigError } from '@prunerl/core';
import type { ExperimentProgress, ResolvedExperimentConfig } from '@prunerl/runner';
import { Queue, type DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { RedisLocation } from './redis-url';

/** Whose runs a queue holds (see {@link RunQueue.claim}). */
export interface QueueOwner {
  /** The prunerl version that enqueued them. */
  readonly version: string;
  /** The id of the store they are written into (`.prunerl-store.json`). */
  readonly store: string;
}

/** The BullMQ queue every prunerl run goes through (one per Redis database). */
export const RUN_QUEUE_NAME = 'runs';
/** BullMQ's key prefix for it: keys read `prunerl:runs:*`. */
export const RUN_QUEUE_PREFIX = 'prunerl';

/**
 * One job: one run of a sweep. Its BullMQ job id is the run's directory relative to the store
 * (`<sweep>/<run name>/seed-<n>`), so enqueuing the same sweep twice adds nothing (BullMQ ignores
 * a job whose id exists); its name is the sweep's name.
 */
export interface RunJobData {
  /** The prunerl version that enqueued it: workers of another version do not take it. */
  readonly prunerl: string;
  /** The id of the store it goes into: a worker whose `--store` has another id does not take it. */
  readonly store: string;
  /** The sweep's name. */
  readonly sweep: string;
  /** The run's id within the sweep: `<run name>/seed-<n>`. */
  readonly run: string;
  readonly seed: number;
  /**
   * The run's resolved config, paths relative to the store: `outputDir` is the sweep's name, a
   * lottery ticket's `masksFrom` is relative to it, plugins inside the store are `./`-relative.
   */
  readonly config: ResolvedExperimentConfig;
  readonly factors: Readonly<Record<string, string | number>>;
  /** The run directory relative to the store (= the job id). */
  readonly directory: string;
  /** Run directories (relative to the store) that must be complete first (a lottery ticket's pruning run). */
  readonly dependsOn: readonly string[];
  readonly enqueuedAt: string;
  /** `host:pid` of the enqueuing command. */
  readonly enqueuedBy: string;
}

/** What a worker publishes as the job's progress while the run trains. */
export interface RunJobProgress extends ExperimentProgress {
  /** The worker's name (`host:pid` by default). */
  readonly worker: string;
  /** Epoch ms of this report. */
  readonly updatedAt: number;
}

/** What a worker stores as a completed job's return value. */
export interface RunJobResult {
  /** `complete`, or `skipped` when the store already held the complete run. */
  readonly status: 'complete' | 'skipped';
  readonly worker: string;
  /** Wall time of the training process, fork to exit, in ms. */
  readonly processMs: number;
  /** Wall time of the whole job in the worker (lease, process, bookkeeping), in ms. */
  readonly jobMs: number;
  /** Environment steps of the run and its steps/s over its training time (from meta.json). */
  readonly envSteps: number | undefined;
  readonly envStepsPerSecond: number | undefined;
  /** The checkpoint the run continued from, when it resumed (a worker died, or was shut down). */
  readonly resumedFrom?: number;
}

/** Log lines kept per run job (BullMQ's `keepLogs`). */
export const RUN_LOG_LINES = 500;

/**
 * Job options of every run: kept once complete or failed (the ids are what makes enqueuing
 * idempotent, and `--status` reads them), 3 attempts with exponential backoff (10 s, 20 s) for
 * failures that another try may fix (a worker process killed, an I/O error on the store); a run's
 * own error fails it at once (the worker throws BullMQ's `UnrecoverableError`); the last
 * {@link RUN_LOG_LINES} log lines.
 */
export const RUN_JOB_OPTIONS: DefaultJobOptions = Object.freeze({
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: false,
  removeOnFail: false,
  // A run logs a line per child message and per retry while it waits (every few seconds for a
  // dependency that trains for hours): keep the last lines only, so Redis does not grow with time.
  keepLogs: RUN_LOG_LINES,
});

/** Connection options of a location, for ioredis and for BullMQ (which creates its connections from them). */
export interface RedisConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: Record<string, never>;
}

/** The connection options of a location. */
export function redisOptions(location: RedisLocation): RedisConnectionOptions {
  return {
    host: location.host,
    port: location.port,
    db: location.db,
    ...(location.username !== undefined ? { username: location.username } : {}),
    ...(location.password !== undefined ? { password: location.password } : {}),
    ...(location.tls ? { tls: {} } : {}),
  };
}

/**
 * Connects once to check that the server answers and has the URL's database, failing fast (no
 * retries) with a `ConfigError` naming the URL: a typo in `--queue` or a server that is down ends the command at once instead of
 * retrying for ever, as the long-lived connections made afterwards do.
 */
export async function probeRedis(location: RedisLocation, timeoutMs = 5_000): Promise<void> {
  const client = new Redis({ ...redisOptions(location), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the "Connection is closed." connect() rejects with.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
    // ioredis selects the database during its handshake and only emits a failure ("DB index is
    // out of range"), then goes on in database 0: select it again here, where a failure rejects.
    if (location.db !== 0) await client.select(location.db);
  } catch (error) {
    const reason = (socketError ?? (error as { message?: string })).message ?? String(error);
    throw new ConfigError({ field: '--queue', value: location.display, expected: `a reachable Redis server (${reason})` }, { cause: error });
  } finally {
    client.disconnect();
  }
}

/**
 * The run queue of one Redis database: BullMQ's `Queue` for jobs, plus a plain client for
 * prunerl's two keys beside BullMQ's: the queue's owner (prunerl version and store id of its runs)
 * and the set of cancelled sweeps.
 */
export class RunQueue {
  readonly queue: Queue<RunJobData, RunJobResult>;
  readonly redis: Redis;
  private readonly ownerKey = `${RUN_QUEUE_PREFIX}:${RUN_QUEUE_NAME}:prunerl-owner`;
  private readonly cancelledKey = `${RUN_QUEUE_PREFIX}:${RUN_QUEUE_NAME}:prunerl-cancelled`;

  private constructor(readonly location: RedisLocation, onError: (error: Error) => void) {
    this.queue = new Queue<RunJobData, RunJobResult>(RUN_QUEUE_NAME, { connection: redisOptions(location), prefix: RUN_QUEUE_PREFIX });
    this.queue.on('error', onError);
    this.redis = new Redis(redisOptions(location));
    this.redis.on('error', onError);
  }

  /**
   * Checks the server answers (see {@link probeRedis}), then opens the queue. Connection errors
   * after that (a Redis restart) go to `onError` while ioredis reconnects.
   */
  static async open(location: RedisLocation, onError: (error: Error) => void = () => undefined): Promise<RunQueue> {
    await probeRedis(location);
    return new RunQueue(location, onError);
  }

  /** Whose runs the queue holds: the prunerl version and the store id of the last enqueuer. */
  async owner(): Promise<QueueOwner | undefined> {
    const fields = await this.redis.hgetall(this.ownerKey);
    return fields.version !== undefined && fields.store !== undefined ? { version: fields.version, store: fields.store } : undefined;
  }

  /**
   * Makes `owner` the queue's before enqueuing. Refused (a `ConfigError`) while runs of another
   * prunerl version, or bound for another store, are still queued or active: runs are never mixed
   * across versions, and never written into two stores.
   */
  async claim(owner: QueueOwner): Promise<void> {
    const current = await this.owner();
    if (current !== undefined && (current.version !== owner.version || current.store !== owner.store)) {
      const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      const unfinished = Object.values(counts).reduce((a, b) => a + b, 0);
      if (unfinished > 0) {
        const what =
          current.version !== owner.version
            ? `runs enqueued by prunerl ${current.version}; this is prunerl ${owner.version}`
            : `runs bound for another store (id ${current.store}; this store's id is ${owner.store})`;
        throw new ConfigError({
          field: '--queue',
          value: this.location.display,
          expected: `a queue without unfinished runs of another version or store (it holds ${unfinished} queued or active ${what})`,
          hint: 'Let them finish, cancel them (prunerl sweep --queue <url> --cancel), or use another Redis database (redis://host:port/<db>).',
        });
      }
    }
    await this.redis.hset(this.ownerKey, { version: owner.version, store: owner.store });
  }

  async isCancelled(sweep: string): Promise<boolean> {
    return (await this.redis.sismember(this.cancelledKey, sweep)) === 1;
  }

  async cancelledSweeps(): Promise<Set<string>> {
    return new Set(await this.redis.smembers(this.cancelledKey));
  }

  async markCancelled(sweep: string): Promise<void> {
    await this.redis.sadd(this.cancelledKey, sweep);
  }

  async clearCancelled(sweep: string): Promise<void> {
    await this.redis.srem(this.cancelledKey, sweep);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
