/**
 * Prints the built playground's chunks with their sizes, raw and gzip (level 9, as served
 * compressed): `tsx scripts/bundle-sizes.ts` after the build. Vite prints no gzip size for worker
 * chunks; this covers every file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = resolve(import.meta.dirname, '..', 'dist');
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
let raw = 0;
let gzip = 0;
console.log('| file | size | gzip |\n|---|---:|---:|');
for (const file of files(dist).sort()) {
  const bytes = readFileSync(file);
  const zipped = gzipSync(bytes, { level: 9 }).byteLength;
  raw += bytes.byteLength;
  gzip += zipped;
  console.log(`| ${relative(dist, file).replace(/-[A-Za-z0-9_-]{8}\./, '.')} | ${kb(bytes.byteLength)} | ${kb(zipped)} |`);
}
console.log(`| total | ${kb(raw)} | ${kb(gzip)} |`);
