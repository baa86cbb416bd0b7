import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Socket } from 'node:net';
import { startRedisServer } from './redis-server';

/** Sends one inline command and returns the first reply line (no client library here). */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.once('error', reject);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().split('\r\n').filter((l) => !l.startsWith('$')).join(''));
    });
    socket.connect(port, '127.0.0.1', () => socket.write(`${line}\r\n`));
  });
}

describe(startRedisServer.name, () => {
  it('should serve on a free loopback port, keep its data across a restart (AOF) and clean up', async () => {
    const redis = await startRedisServer();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await command(redis.port, 'CONFIG GET maxmemory-policy')).toContain('noeviction');
      expect(await command(redis.port, 'SET prunerl-test kept')).toBe('+OK');
      const pid = redis.pid;
      await redis.restart();
      expect(redis.pid).not.toBe(pid);
      expect(await command(redis.port, 'GET prunerl-test')).toBe('kept');
    } finally {
      await redis.stop();
    }
    expect(existsSync(redis.directory)).toBe(false);
    await expect(command(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
  }, 30_000);

  it('should run the README example', async () => {
    const logged: unknown[] = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      // ---- readme: example ----
      const redis = await startRedisServer();
      try {
        console.log(redis.url.replace(/\d+$/, '<port>')); // redis://127.0.0.1:<port>
        await redis.restart(); // same port, same data (AOF): what a worker sees when Redis restarts
      } finally {
        await redis.stop();
      }
      // ---- end of example ----
    } finally {
      jest.restoreAllMocks();
    }
    expect(logged).toEqual([['redis://127.0.0.1:<port>']]);
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const source = readFileSync(__filename, 'utf8');
    const body = source.slice(source.indexOf('// ---- readme: example ----') + 28, source.indexOf('// ---- end of example ----'));
    const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
    expect(flat(readme)).toContain(flat(body));
  }, 30_000);

  it('should say how to install the server when the command is missing', async () => {
    await expect(startRedisServer({ command: 'prunerl-no-such-redis-server' })).rejects.toThrow(/apt-get install redis-server/);
  });
});
