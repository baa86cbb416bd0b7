/**
 * @prunerl/testing/node: test helpers that need Node (processes, sockets, files): a throw-away
 * `redis-server` for the tests of distributed sweeps, which run against the real server.
 */
export { freeLoopbackPort, startRedisServer } from './redis-server';
export type { RedisServer, RedisServerOptions } from './redis-server';
