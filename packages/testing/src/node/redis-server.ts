import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** The `redis-server` executable. Default `$PRUNERL_REDIS_SERVER`, else `redis-server` on the PATH. */
  readonly command?: string;
  /** Append-only file on (`--appendonly yes`), so a restart keeps every queue. Default true. */
  readonly appendOnly?: boolean;
  /** How long to wait for the server to accept connections, in ms. Default 15,000. */
  readonly startTimeoutMs?: number;
}

/** A throw-away `redis-server` on a free loopback port, with its data in a temporary directory. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The server's working directory (its AOF files); removed by {@link RedisServer.stop}. */
  readonly directory: string;
  /** The server's process id (changes on {@link RedisServer.restart}). */
  readonly pid: number | undefined;
  /**
   * Stops the server (SIGTERM: Redis fsyncs its append-only file and exits) and starts it again on
   * the same port and directory, as an operator's restart would.
   */
  restart(options?: { readonly downMs?: number }): Promise<void>;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    // A PING answered with +PONG: the server has loaded its data and accepts commands.
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts Debian's `redis-server` for a test: loopback only, a free port, a temporary directory,
 * no RDB snapshots, AOF on (as BullMQ's production guide asks) and `maxmemory-policy noeviction`.
 * Tests of the distributed sweeps run against it, never against a mock: what is tested is what
 * users run. Fails with the command's output when the server does not start (e.g. not installed:
 * `apt-get install redis-server`, which `tools/scripts/ensure-debian-packages.sh` does in CI).
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * try {
 *   // ... new Queue('runs', { connection: { host: '127.0.0.1', port: redis.port } }) ...
 *   await redis.restart(); // the queue survives: AOF
 * } finally {
 *   await redis.stop();
 * }
 * ```
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const command = options.command ?? process.env.PRUNERL_REDIS_SERVER ?? 'redis-server';
  const timeout = options.startTimeoutMs ?? 15_000;
  const directory = await mkdtemp(join(tmpdir(), 'prunerl-redis-'));
  const port = await freeLoopbackPort();
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', directory,
    '--save', '',
    '--appendonly', options.appendOnly === false ? 'no' : 'yes',
    '--appendfsync', 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--logfile', join(directory, 'redis.log'),
  ];
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async (): Promise<void> => {
    output = '';
    const started = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    started.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const failed = new Promise<never>((_, reject) => {
      started.once('error', (error) => reject(new Error(`${command} did not start (${error.message}); install it with apt-get install redis-server`)));
      started.once('exit', (code, signal) => reject(new Error(`${command} exited (${signal ?? code}) before accepting connections:\n${output}`)));
    });
    failed.catch(() => undefined);
    const deadline = Date.now() + timeout;
    for (;;) {
      const ready = await Promise.race([canConnect(port), failed]);
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`${command} did not accept connections on 127.0.0.1:${port} within ${timeout} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const terminate = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = exited(running);
    running.kill('SIGTERM');
    const killer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(killer);
  };

  try {
    await launch();
  } catch (error) {
    await terminate();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    directory,
    get pid() {
      return child?.pid;
    },
    async restart(restartOptions = {}) {
      await terminate();
      if (restartOptions.downMs) await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs));
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
