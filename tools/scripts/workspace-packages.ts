import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package of this workspace, as read from its package.json. */
export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly version: string;
  readonly private: boolean;
  readonly exports: Record<string, unknown>;
}

/** Every package under `packages/`, sorted by folder name. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const base = join(root, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(base, d.name);
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      return {
        name: String(json.name),
        dir,
        version: String(json.version),
        private: json.private === true,
        exports: (json.exports ?? {}) as Record<string, unknown>,
      };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}
