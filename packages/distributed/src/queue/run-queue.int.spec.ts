import { ConfigError } from '@prunerl/core';
import { startRedisServer, type RedisServer } from '@prunerl/testing/node';
import { parseRedisUrl } from './redis-url';
import { probeRedis } from './run-queue';

describe(probeRedis.name, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  const at = (db: number): string => {
    const url = new URL(redis.url);
    url.pathname = `/${db}`;
    return url.toString();
  };

  it("should accept one of the server's databases", async () => {
    await expect(probeRedis(parseRedisUrl(at(0)))).resolves.toBeUndefined();
    await expect(probeRedis(parseRedisUrl(at(15)))).resolves.toBeUndefined();
  });

  it('should refuse a database the server does not have, rather than work in database 0', async () => {
    const probe = probeRedis(parseRedisUrl(at(20)));
    await expect(probe).rejects.toThrow(ConfigError);
    await expect(probe).rejects.toThrow(/^--queue: expected a reachable Redis server \(.*DB index is out of range.*\), got "redis:\/\/127\.0\.0\.1:\d+\/20"/);
  });
});
