import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { parseDocument, stringify } from 'yaml';

/**
 * Reads a config file: `.json` as JSON, anything else as YAML (a superset of JSON). A missing file
 * or a syntax error is a `ConfigError` naming the file (and line, for YAML).
 */
export async function readConfigFile(path: string, field = 'config file'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = String((error as { code?: unknown } | null)?.code ?? '');
    throw new ConfigError(
      { field, value: path, expected: code === 'ENOENT' ? 'an existing YAML or JSON file' : 'a readable YAML or JSON file' },
      { cause: error },
    );
  }
  return parseConfigText(text, path, field);
}

/** Parses config text (see {@link readConfigFile}); `source` names it in errors. */
export function parseConfigText(text: string, source: string, field = 'config file'): unknown {
  if (extname(source).toLowerCase() === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError({ field, value: source, expected: `valid JSON (${(error as Error).message})` }, { cause: error });
    }
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new ConfigError({ field, value: source, expected: `valid YAML (${first.message.split('\n')[0]})` }, { cause: first });
  }
  return document.toJS({ maxAliasCount: 100 }) as unknown;
}

/**
 * Parses a `--set path=value` override: the value is read as a YAML scalar or flow collection, so
 * `network.width=3`, `pruner=none`, `seeds=[0,1,2]` and `environment.id=MinAtar/Breakout-v1` all work.
 */
export function parseOverride(text: string): { path: string; value: unknown } {
  const index = text.indexOf('=');
  if (index <= 0) {
    throw new ConfigError({ field: '--set', value: text, expected: 'path=value, e.g. network.width=3' });
  }
  const path = text.slice(0, index).trim();
  const raw = text.slice(index + 1);
  const document = parseDocument(raw);
  const value = document.errors.length > 0 ? raw : (document.toJS() as unknown);
  return { path, value: value === null && raw.trim() !== 'null' && raw.trim() !== '~' ? raw : value };
}

/** A config as YAML (what `prunerl config --print` shows): block style, long lines kept whole. */
export function stringifyConfig(config: unknown): string {
  return stringify(config, { lineWidth: 0 });
}
