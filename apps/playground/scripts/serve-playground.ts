/**
 * `npm run playground` (after the build): serves apps/playground/dist on 127.0.0.1 and prints the
 * address; Ctrl-C stops it. `--port <n>` (default 4173; 0 for any free port).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveDirectory } from './static-server';

const dist = resolve(import.meta.dirname, '..', 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`${dist} has no build: run \`npm run build -w @prunerl/playground\` (or \`npm run playground\`, which builds first)`);
  process.exit(1);
}
const flag = process.argv.indexOf('--port');
const port = flag >= 0 ? Number(process.argv[flag + 1]) : 4173;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected an integer from 0 to 65535, got ${process.argv[flag + 1]}`);
  process.exit(2);
}
const server = await serveDirectory(dist, port);
console.log(`prunerl playground: ${server.url} (Ctrl-C stops it)`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
