import { ConfigError } from '@prunerl/core';
import { parseRedisUrl } from './redis-url';

describe(parseRedisUrl.name, () => {
  it('should read host, port and database, with Redis\'s defaults', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, tls: false, username: undefined, password: undefined });
    expect(parseRedisUrl('redis://queue.local')).toMatchObject({ host: 'queue.local', port: 6379, db: 0 });
    expect(parseRedisUrl('rediss://[::1]:7000/0')).toMatchObject({ host: '::1', port: 7000, db: 0, tls: true });
  });

  it('should read credentials and keep the password out of the displayed URL', () => {
    const location = parseRedisUrl('redis://prunerl:s3cret@10.0.0.5:6379/1');
    expect(location).toMatchObject({ username: 'prunerl', password: 's3cret' });
    expect(location.display).toBe('redis://prunerl:***@10.0.0.5:6379/1');
  });

  it('should hide passwords the URL parser percent-encodes, and keep them out of its refusals', () => {
    // `@`, a space, a quote and a brace: the parser's `password` is encoded and no longer matches the text.
    const location = parseRedisUrl('redis://:p@ss w"{x}@10.0.0.5/3');
    expect(location.password).toBe('p@ss w"{x}');
    expect(location.display).toBe('redis://:***@10.0.0.5/3');
    expect(parseRedisUrl('redis://worker:p%40ss@h:6380').display).toBe('redis://worker:***@h:6380');
    expect(parseRedisUrl('redis://worker@h').display).toBe('redis://worker@h');
    let message = '';
    try {
      parseRedisUrl('redis://worker:p@ss@h/queue');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/got "redis:\/\/worker:\*\*\*@h\/queue"/);
    expect(message).not.toMatch(/p@ss/);
  });

  it.each([
    ['no scheme', 'localhost:6379'],
    ['another scheme', 'http://localhost:6379'],
    ['a missing slash', 'redis//localhost:6379'],
    ['no host', 'redis://:6379'],
    ['a path that is not a database', 'redis://localhost:6379/queue'],
    ['a query', 'redis://localhost:6379/0?timeout=3'],
  ])('should refuse %s, naming the URL', (_label, url) => {
    expect(() => parseRedisUrl(url)).toThrow(ConfigError);
    expect(() => parseRedisUrl(url)).toThrow(`--queue: expected a Redis URL redis://host[:port][/db]`);
    expect(() => parseRedisUrl(url)).toThrow(JSON.stringify(url));
  });
});
