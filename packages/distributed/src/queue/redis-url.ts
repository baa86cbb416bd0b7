import { ConfigError } from '@prunerl/core';

/** Where the queue's Redis is, as parsed from a `redis://host:port[/db]` URL. */
export interface RedisLocation {
  /** The URL as given. */
  readonly url: string;
  /** The URL without its password, for messages and logs. */
  readonly display: string;
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** `rediss://`: TLS. */
  readonly tls: boolean;
}

/** Redis's default port. */
export const DEFAULT_REDIS_PORT = 6379;

/**
 * Parses the `--queue` URL: `redis://[user:password@]host[:port][/db]` or `rediss://` (TLS). Any
 * other form (a bare host, another scheme, a path that is not a database number, a query) is a
 * `ConfigError` naming the URL and the expected form, thrown before anything connects.
 *
 * @example
 * ```ts
 * parseRedisUrl('redis://10.0.0.5:6380/2'); // { host: '10.0.0.5', port: 6380, db: 2, ... }
 * ```
 */
export function parseRedisUrl(url: string, field = '--queue'): RedisLocation {
  // Every message, the refusals below included, names the URL without its password.
  const display = redactRedisUrl(url);
  const expected = 'a Redis URL redis://host[:port][/db] (or rediss:// for TLS), e.g. redis://127.0.0.1:6379/0';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError({ field, value: display, expected }, { cause: error });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new ConfigError({ field, value: display, expected });
  if (parsed.hostname === '' || parsed.search !== '' || parsed.hash !== '') throw new ConfigError({ field, value: display, expected });
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) {
    throw new ConfigError({ field, value: display, expected: `${expected}; the path is a database number, got "/${path}"` });
  }
  const port = parsed.port === '' ? DEFAULT_REDIS_PORT : Number(parsed.port);
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  return {
    url,
    display,
    // URL keeps IPv6 literals in brackets; sockets want them bare.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db: path === '' ? 0 : Number(path),
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password,
    tls: parsed.protocol === 'rediss:',
  };
}

/**
 * `url` with its password replaced by `***`, read from the raw text as a URL parser splits it (the
 * user information ends at the authority's last `@`), so a password with characters that the
 * parser would percent-encode (`@`, a space, quotes) is hidden as well.
 */
export function redactRedisUrl(url: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)@/.exec(url);
  if (!match) return url;
  const userinfo = match[2]!;
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return `${match[1]}${userinfo.slice(0, colon)}:***@${url.slice(match[0].length)}`;
}
